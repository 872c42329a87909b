from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.ProvinceListView.as_view(), name="province_list"),
    path("communes/", views.CommuneListView.as_view(), name="commune_list"),
]
