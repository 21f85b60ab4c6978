"""X5: the triage path a case came in by: which tree, which version, which options, and whether the tree changed
between the citizen's walk and the submission. No personal data (option ids only)."""

from __future__ import annotations

from django.db import models

from fawang.core.models import BaseModel


class TriageRecord(BaseModel):
    """Written once by `triage_record_attach` when a request that started in the service guide is submitted."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="triage_record")
    tree_id = models.CharField("导航", max_length=40)
    tree_version = models.PositiveIntegerField("导航版本")
    # the option ids chosen from the root, e.g. ["criminal", "no_lawyer"]
    path = models.JSONField("所选选项", default=list)
    end_node = models.CharField("导航结果", max_length=40)
    service = models.CharField("推荐服务", max_length=20)
    changed_midway = models.BooleanField("中途导航已更新", default=False)

    class Meta:
        verbose_name = "服务导航记录"
        verbose_name_plural = "服务导航记录"

    def __str__(self) -> str:
        return f"{self.tree_id}:{self.tree_version}:{'.'.join(self.path)}"
