"""An index of taggit's items by tag, kind and object: a tag's articles are counted and joined from
the index alone (the article list by tag, the tag index's counts)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0004_person_quotation_counts"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX archive_taggeditem_tag_kind_idx ON taggit_taggeditem (tag_id, content_type_id, object_id)",
            "DROP INDEX archive_taggeditem_tag_kind_idx",
        ),
    ]
