from django.core.management.base import BaseCommand

from organizations.demo import DEMO_LOGINS, load_demo
from organizations.models import GRASSROOTS_KINDS, Person, Unit, UnitKind


class Command(BaseCommand):
    help = "Load the demo units, people and logins from the source articles (safe to run again)."

    def handle(self, *args, **options):
        result = load_demo()
        phu_tan = Unit.objects.get(code="CM-PT")
        below = Unit.objects.subtree_of(phu_tan).filter(is_active=True)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {result['units']} units, {result['people_created']} people added this run, "
            f"{Person.objects.count()} people in all."
        ))
        self.stdout.write(
            f"Huyện đoàn Phú Tân: {below.filter(kind__in=GRASSROOTS_KINDS).count()} Đoàn cơ sở / Chi đoàn cơ sở, "
            f"{below.filter(kind=UnitKind.BRANCH).count()} Chi đoàn."
        )
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/, office admin at /admin/):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.password:<14} {login.description}")
