"""The rating schemes the sources name, as data: installed by a migration and by the demo; offices pick one per
campaign, and the administrator can add more (a new scale needs no code)."""

FOUR_LEVELS = [
    ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
    ("Hoàn thành tốt nhiệm vụ", "HTTNV"),
    ("Hoàn thành nhiệm vụ", "HTNV"),
    ("Không hoàn thành nhiệm vụ", "KHTNV"),
]
FOUR_LEVELS_NAME = "Bốn mức (2023–2027)"
POINTS_NAME = "Thang điểm 100 (bốn mức)"
# Collectives (a Đoàn cơ sở, a Chi đoàn) are rated on their own scale, scored from the unit criteria set.
UNITS_NAME = "Tập thể: Vững mạnh – Khá – Trung bình – Yếu (thang điểm 100)"
SCHEMES = [
    (FOUR_LEVELS_NAME, False, [(name, short, None) for name, short in FOUR_LEVELS]),
    (
        "Xuất sắc – Khá – Trung bình – Yếu (trước 2023)",
        False,
        [("Xuất sắc", "XS", None), ("Khá", "Khá", None), ("Trung bình", "TB", None), ("Yếu", "Yếu", None)],
    ),
    (
        POINTS_NAME,
        True,
        [(name, short, points) for (name, short), points in zip(FOUR_LEVELS, [90, 70, 50, 0], strict=False)],
    ),
    (
        UNITS_NAME,
        True,
        [("Vững mạnh", "VM", 90), ("Khá", "Khá", 70), ("Trung bình", "TB", 50), ("Yếu", "Yếu", 0)],
    ),
]


def ensure_default_schemes(scheme_model=None, level_model=None) -> None:
    """Create the schemes above where missing (models passed in by the migration, else the current ones)."""
    if scheme_model is None:
        from .models import RatingLevel as level_model  # noqa: N813
        from .models import RatingScheme as scheme_model  # noqa: N813
    for name, uses_points, levels in SCHEMES:
        scheme, _created = scheme_model.objects.get_or_create(name=name, defaults={"uses_points": uses_points})
        for rank, (level_name, short, points) in enumerate(levels, start=1):
            level_model.objects.get_or_create(
                scheme=scheme, rank=rank, defaults={"name": level_name, "short_name": short, "min_points": points}
            )
