"""Uploads waiting for a worker become files in the default storage instead of bytes in a column.

Rows waiting when this runs are copied to files (and back, if it is reversed).
"""

from django.core.files.base import ContentFile
from django.db import migrations, models


def bytes_to_files(apps, schema_editor):
    IngestUpload = apps.get_model("articles", "IngestUpload")
    for pk in IngestUpload.objects.filter(file="").values_list("pk", flat=True).iterator():
        # One upload in memory at a time: each may be a large archive.
        upload = IngestUpload.objects.get(pk=pk)
        upload.file.save(upload.name or "upload", ContentFile(bytes(upload.data)), save=False)
        upload.save(update_fields=["file"])


def files_to_bytes(apps, schema_editor):
    IngestUpload = apps.get_model("articles", "IngestUpload")
    for pk in IngestUpload.objects.exclude(file="").values_list("pk", flat=True).iterator():
        upload = IngestUpload.objects.get(pk=pk)
        with upload.file.open("rb") as file:
            upload.data = file.read()
        upload.save(update_fields=["data"])
        upload.file.delete(save=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="ingestupload",
            name="file",
            field=models.FileField(default="", max_length=300, upload_to="ingest-uploads/%Y/%m/%d/"),
            preserve_default=False,
        ),
        migrations.RunPython(bytes_to_files, files_to_bytes),
        # A default, so that the column can come back, empty at first, if this migration is reversed.
        migrations.AlterField(
            model_name="ingestupload",
            name="data",
            field=models.BinaryField(default=b""),
        ),
        migrations.RemoveField(
            model_name="ingestupload",
            name="data",
        ),
        migrations.AlterField(
            model_name="ingestupload",
            name="name",
            field=models.CharField(help_text="The file's name as uploaded.", max_length=255),
        ),
    ]
