"""The rating schemes the sources name, as data: offices pick one per campaign, and more can be added."""

from django.db import migrations

FOUR_LEVELS = [("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"), ("Hoàn thành tốt nhiệm vụ", "HTTNV"),
               ("Hoàn thành nhiệm vụ", "HTNV"), ("Không hoàn thành nhiệm vụ", "KHTNV")]
SCHEMES = [
    ("Bốn mức (2023–2027)", False, [(name, short, None) for name, short in FOUR_LEVELS]),
    ("Xuất sắc – Khá – Trung bình – Yếu (trước 2023)", False,
     [("Xuất sắc", "XS", None), ("Khá", "Khá", None), ("Trung bình", "TB", None), ("Yếu", "Yếu", None)]),
    ("Thang điểm 100 (bốn mức)", True,
     [(name, short, points) for (name, short), points in zip(FOUR_LEVELS, [90, 70, 50, 0])]),
]


def create(apps, schema_editor):
    RatingScheme = apps.get_model("evaluations", "RatingScheme")
    RatingLevel = apps.get_model("evaluations", "RatingLevel")
    for name, uses_points, levels in SCHEMES:
        scheme, _created = RatingScheme.objects.get_or_create(name=name, defaults={"uses_points": uses_points})
        for rank, (level_name, short, points) in enumerate(levels, start=1):
            RatingLevel.objects.get_or_create(scheme=scheme, rank=rank, defaults={
                "name": level_name, "short_name": short, "min_points": points})


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
