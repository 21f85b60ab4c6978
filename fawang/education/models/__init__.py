"""Legal education (普法, P1-P6): lessons and reading lists (P1, P5), courses with quizzes and study groups (P2),
on-site events with attendance (P3) and legal-culture sites (P4). Always free (P6)."""

from fawang.education.models.courses import (
    Course,
    CourseLesson,
    Enrolment,
    LessonProgress,
    QuestionKind,
    QuizAttempt,
    QuizQuestion,
)
from fawang.education.models.culture import FREE_OPEN_BASIS, CultureSite, CultureSiteKind
from fawang.education.models.events import EducationEvent, EventAttendance, EventAttendee, VenueKind
from fawang.education.models.groups import GroupKind, StudyGroup, StudyGroupCourse, StudyGroupMember
from fawang.education.models.lessons import (
    ArticleStatus,
    Audience,
    LessonArticle,
    ReadingList,
    ReadingListItem,
    Topic,
)

__all__ = [
    "FREE_OPEN_BASIS",
    "ArticleStatus",
    "Audience",
    "Course",
    "CourseLesson",
    "CultureSite",
    "CultureSiteKind",
    "EducationEvent",
    "Enrolment",
    "EventAttendance",
    "EventAttendee",
    "GroupKind",
    "LessonArticle",
    "LessonProgress",
    "QuestionKind",
    "QuizAttempt",
    "QuizQuestion",
    "ReadingList",
    "ReadingListItem",
    "StudyGroup",
    "StudyGroupCourse",
    "StudyGroupMember",
    "Topic",
    "VenueKind",
]
