from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.conf import settings

        from . import periodic
        from .storage import delete_files_with_their_rows

        delete_files_with_their_rows()
        if settings.BACKUP_EVERY_HOURS:
            from .backup import backup_keeping

            periodic.register(
                "backup",
                every=settings.BACKUP_EVERY_HOURS * 3600,
                run=lambda: backup_keeping(settings.BACKUP_DIR, settings.BACKUP_KEEP),
            )
