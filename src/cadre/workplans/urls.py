"""The work plans' pages, under /workplans/."""

from django.urls import path

from . import centre_views, import_views, province_views, task_views, views

app_name = "workplans"

urlpatterns: list = [
    path("", views.PlanListView.as_view(), name="plans"),
    path("new/", views.plan_new, name="plan-new"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/tasks/new/", views.task_new, name="task-new"),
    path("<int:pk>/people/", views.plan_people, name="plan-people"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("communes/<str:code>/", views.CommuneBoardView.as_view(), name="commune-board"),
    path("mine/", views.my_tasks, name="mine"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task"),
    path("tasks/<int:pk>/change/", task_views.task_change, name="task-change"),
    path("tasks/<int:pk>/report/", task_views.task_report, name="task-report"),
    path("tasks/<int:pk>/handback/", task_views.task_handback, name="task-handback"),
    path(
        "tasks/<int:pk>/handbacks/<int:handback>/decide/", task_views.handback_decide, name="handback-decide"
    ),
    path("tasks/<int:pk>/wording/", task_views.task_wording, name="task-wording"),
    path("evidence/<int:pk>/", task_views.evidence, name="evidence"),
    path("centres/", centre_views.centre_list, name="centres"),
    path("centres/import/", centre_views.centre_import, name="centre-import"),
    path("centres/import/template.xlsx", centre_views.centre_template, name="centre-template"),
    path("centres/<str:code>/<str:month>/", centre_views.centre_edit, name="centre-edit"),
    path("province/", province_views.ranking, name="ranking"),
    path("people/", province_views.people_figures, name="people-figures"),
    path("close/", province_views.close, name="close"),
    path("<int:pk>/timeline/", province_views.timeline, name="timeline"),
    path("import/", import_views.PlansImportView.as_view(), name="import"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("board/export.xlsx", import_views.board_export, name="board-export"),
]
