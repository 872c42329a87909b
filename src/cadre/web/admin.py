"""What every app's admin shares: records that are shown in /admin/ but never changed there."""


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted here: the row changes only through its app's services and pages,
    which check the user's scope and record why."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
