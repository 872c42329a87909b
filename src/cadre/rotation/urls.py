from django.urls import path

from . import views

app_name = "rotation"
urlpatterns = [path("", views.plan_list, name="plan_list")]
