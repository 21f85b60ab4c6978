from django.urls import URLPattern, URLResolver, path

from fawang.kiosk import views

app_name = "kiosk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("pair/", views.pair, name="pair"),
    path("end/", views.end, name="end"),
    path("alive/", views.alive, name="alive"),
    path("ask/", views.ask, name="ask"),
    path("ask/answer/", views.answer, name="answer"),
    path("receipt/", views.receipt, name="receipt"),
    path("track/", views.track, name="track"),
    path("track/digits/", views.track_digits, name="track-digits"),
    path("j/<slug:slug>/", views.start, name="start"),
    path("j/<slug:slug>/<slug:key>/", views.step, name="step"),
]
