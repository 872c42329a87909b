from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("", views.commune_list, name="commune_list"),
    path("communes/<str:code>/", views.commune_edit, name="commune_edit"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/new/", views.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/step/<str:step>/", views.transfer_step, name="transfer_step"),
    path("transfers/<int:pk>/quyet-dinh.docx", views.transfer_decision, name="transfer_decision"),
]
