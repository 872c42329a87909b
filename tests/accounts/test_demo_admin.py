from cadre.accounts.services import ensure_demo_admin


def test_demo_login_is_created_once_and_never_printed_stale(db, tmp_path, django_user_model):
    first = ensure_demo_admin(tmp_path)
    assert first.created and first.password
    again = ensure_demo_admin(tmp_path)
    assert not again.created and again.password == first.password
    admin = django_user_model.objects.get(username="admin")
    admin.set_password("a-new-password-of-mine")
    admin.save()
    assert ensure_demo_admin(tmp_path).password is None  # the old one would no longer work
    assert django_user_model.objects.get(username="admin").check_password("a-new-password-of-mine")
