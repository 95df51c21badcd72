from django.core.management.base import BaseCommand
from django.db.models import Count

from campaigns.models import Campaign
from demo.campaigns import PHU_TAN_SLUG, load_campaign_demo
from demo.evaluations import load_evaluation_demo
from demo.organizations import DEMO_LOGINS, load_demo
from evaluations.models import Evaluation, Stage
from organizations.models import GRASSROOTS_KINDS, Person, Unit, UnitKind


class Command(BaseCommand):
    help = "Load the demo units, people and logins from the source articles (safe to run again)."

    def handle(self, *args, **options):
        result = load_demo()
        phu_tan = Unit.objects.get(code="CM-PT")
        below = Unit.objects.subtree_of(phu_tan).filter(is_active=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['units']} units, {result['people_created']} people added this run, "
                f"{Person.objects.count()} people in all."
            )
        )
        self.stdout.write(
            f"Huyện đoàn Phú Tân: {below.filter(kind__in=GRASSROOTS_KINDS).count()} Đoàn cơ sở / Chi đoàn cơ sở, "
            f"{below.filter(kind=UnitKind.BRANCH).count()} Chi đoàn."
        )
        load_campaign_demo()
        campaign = Campaign.objects.get(slug=PHU_TAN_SLUG)
        deployed = campaign.deployments.values_list("unit__kind", flat=True)
        self.stdout.write(
            f"{campaign.title}: {sum(k in GRASSROOTS_KINDS for k in deployed)} Đoàn cơ sở / Chi đoàn cơ sở và "
            f"{sum(k == UnitKind.BRANCH for k in deployed)} Chi đoàn triển khai, "
            f"{campaign.registrations.count()} cán bộ đăng ký."
        )
        result = load_evaluation_demo()
        spread = (
            Evaluation.objects.filter(round__campaign=campaign, stage=Stage.DECIDED)
            .values_list("final_level__rank", "final_level__short_name")
            .annotate(n=Count("pk"))
            .order_by("final_level__rank")
        )
        waiting = Evaluation.objects.filter(round__campaign=campaign, stage=Stage.PROPOSED).count()
        self.stdout.write(
            "Đánh giá cuối năm Phú Tân: "
            + ", ".join(f"{name} {n}" for _rank, name, n in spread)
            + f"; {waiting} chờ Huyện đoàn quyết định; {result['stories']} gương sáng trên trang /guong-sang/."
        )
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/, office admin at /admin/):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.password:<14} {login.description}")
