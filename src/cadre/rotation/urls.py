from django.urls import path

from . import target_views, views

app_name = "rotation"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("compare/", views.plan_compare, name="plan_compare"),
    path("runs/<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/step/<str:step>/", views.plan_step, name="plan_step"),
    path("<int:pk>/lock/", views.plan_lock, name="plan_lock"),
    path("<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("<int:pk>/download/<str:kind>/", views.plan_download, name="plan_download"),
    path("targets/", target_views.target_list, name="target_list"),
    path("targets/<str:code>/", target_views.target_detail, name="target_detail"),
]
