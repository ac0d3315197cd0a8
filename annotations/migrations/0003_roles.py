"""The role groups (Readers, Editors, Desk, Admins) with their permissions, as newsroom.permissions.ROLES
says. Permissions are normally made after the last migration (post_migrate); they are made here first,
custom ones (merge_person, moderate_annotation) included, so that the groups can hold them.

A later change to ROLES comes with a migration that runs sync_roles again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom.permissions import sync_roles


def make_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0002_history_and_trash"),
        ("articles", "0003_history_and_trash"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(make_roles, migrations.RunPython.noop)]
