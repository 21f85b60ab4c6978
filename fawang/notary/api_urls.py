from django.urls import URLPattern, URLResolver, path

from fawang.notary import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("notary/matter-types/", api.MatterTypeListApi.as_view(), name="notary-matter-types"),
    path("notary/slots/", api.SlotListApi.as_view(), name="notary-slots"),
    path("notary/bookings/", api.BookingCreateApi.as_view(), name="notary-booking-create"),
    path("notary/applications/", api.ApplicationCreateApi.as_view(), name="notary-application-create"),
    path("notary/applications/<str:reference>/", api.MatterDetailApi.as_view(), name="notary-detail"),
]
