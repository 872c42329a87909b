from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.OfficialListView.as_view(), name="official_list"),
    path("<int:pk>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path("<int:pk>/so-yeu-ly-lich.docx", views.resume_download, name="resume"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("export.xlsx", views.registry_export, name="export"),
    path("exits/", views.ExitListView.as_view(), name="exit_list"),
    path("exits/export.xlsx", views.exit_export, name="exit_export"),
]
