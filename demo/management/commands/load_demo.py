from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import translation

from campaigns.models import Campaign
from demo.activities import load_activity_demo
from demo.api_tokens import load_api_token_demo
from demo.campaigns import LANG_SON_SLUG, PHU_TAN_SLUG, load_campaign_demo, load_current_campaign_demo
from demo.checkins import load_checkin_demo
from demo.closing import load_closing_demo
from demo.documents import load_letterhead_demo
from demo.evaluations import load_current_round_demo, load_evaluation_demo
from demo.feedback import load_feedback_demo
from demo.meetings import load_meeting_demo
from demo.members import load_member_demo
from demo.messages import load_message_demo
from demo.organizations import DEMO_LOGINS, load_demo
from demo.programmes import load_programme_demo
from demo.public_activities import load_public_activity_demo
from demo.restructure import EFFECTIVE, apply_2025_restructure
from demo.unit_ratings import load_unit_rating_demo
from demo.unit_reports import load_unit_report_demo
from evaluations.models import Evaluation, Stage
from organizations.models import Person
from reports.coverage import coverage
from unitreports.services import progress


class Command(BaseCommand):
    help = "Load the demo units, people and logins from the source articles (safe to run again)."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['units']} units, {result['people_created']} people added this run, "
                f"{Person.objects.count()} people in all."
            )
        )
        load_campaign_demo()
        campaign = Campaign.objects.get(slug=PHU_TAN_SLUG)
        result = load_evaluation_demo()
        load_activity_demo()
        if apply_2025_restructure():
            self.stdout.write(
                f"Sắp xếp tổ chức từ {EFFECTIVE:%d/%m/%Y}: Huyện đoàn Phú Tân giải thể, các xã, thị trấn hợp nhất "
                "thành 3 Đoàn xã trực thuộc Tỉnh đoàn Cà Mau (minh họa)."
            )
        current = load_current_campaign_demo()
        load_current_round_demo()
        load_checkin_demo()
        totals, _rows = coverage(campaign, campaign.organizer)
        self.stdout.write(
            f"{campaign.title} (theo cơ cấu ngày {campaign.report_date():%d/%m/%Y}): "
            f"{totals.grassroots_deployed}/{totals.grassroots} Đoàn cơ sở / Chi đoàn cơ sở và "
            f"{totals.branches_deployed}/{totals.branches} Chi đoàn triển khai, {totals.registered} cán bộ đăng ký, "
            f"{totals.updated}/{totals.approved} cán bộ đã cập nhật tiến độ ({totals.updated_percent}%, "
            "Sơ kết 6 tháng)."
        )
        for programme in load_programme_demo():
            self.stdout.write(
                f"{programme.title} ({programme.owner.name}): "
                + ", ".join(adoption.campaign.title for adoption in programme.adoptions.select_related("campaign"))
                + f" — {settings.SITE_URL}/cuoc-van-dong/{programme.slug}/"
            )
        closing = load_closing_demo()
        spread = (
            Evaluation.objects.filter(round__campaign=campaign, stage=Stage.DECIDED)
            .values_list("final_level__rank", "final_level__short_name")
            .annotate(n=Count("pk"))
            .order_by("final_level__rank")
        )
        waiting = Evaluation.objects.filter(round__campaign=current, stage=Stage.PROPOSED).count()
        self.stdout.write(
            "Đánh giá cuối năm Phú Tân: "
            + ", ".join(f"{name} {n}" for _rank, name, n in spread)
            + f"; {result['stories']} gương sáng trên trang /guong-sang/. Năm nay: {waiting} đề xuất chờ Tỉnh đoàn "
            "quyết định (trang Cân đối xếp loại)."
        )
        if closing:
            frozen = closing.figures["totals"]
            self.stdout.write(
                f"Tổng kết {campaign.title} ngày {closing.closed_on:%d/%m/%Y} (số liệu chốt): "
                f"{frozen['grassroots_deployed']}/{frozen['grassroots']} Đoàn cơ sở, "
                f"{frozen['branches_deployed']}/{frozen['branches']} Chi đoàn triển khai, "
                f"{frozen['registered']} đăng ký, {frozen['updated']}/{frozen['approved']} cập nhật tiến độ, "
                f"{frozen['rated']} được xếp loại, {closing.figures['commended']} được khen thưởng."
            )
        with translation.override("vi"):
            kinds = ", ".join(
                f"{label.split(' (')[0].lower()} {n}" for _kind, label, n in totals.activity_counts() if n
            )
        self.stdout.write(f"Hoạt động Phú Tân 2022: {kinds}.")
        lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
        unit_round = load_unit_rating_demo() or lang_son.unit_round
        spread = Counter(rating.level.name for rating in unit_round.ratings.select_related("level"))
        self.stdout.write(
            "Xếp loại đơn vị Lạng Sơn 2023 (52-QĐ/ĐTN): " + ", ".join(f"{name} {n}" for name, n in spread.items()) + "."
        )
        signed, _rows = coverage(lang_son, lang_son.organizer)
        self.stdout.write(
            f"{lang_son.title}: {signed.grassroots_deployed}/{signed.grassroots} Đoàn cơ sở / Chi đoàn cơ sở triển "
            f"khai, {signed.branches_signed}/{signed.chi_doan} Chi đoàn đã ký kết."
        )
        if load_member_demo():
            self.stdout.write(
                "Đoàn viên Lạng Sơn có ngày kết nạp; sau chiến dịch 2023: 2 chuyển sinh hoạt, 1 trưởng thành Đoàn, "
                "Chi đoàn Sở Công Thương sáp nhập vào Chi đoàn Sở Tài chính từ 01/07/2025 (minh họa)."
            )
        self.stdout.write(f"Chiến dịch năm nay: {current.title} ({current.organizer.name} tổ chức).")
        asked = load_unit_report_demo()
        if asked:
            sent, total = progress(asked)
            self.stdout.write(f"Báo cáo đơn vị: “{asked.title}”, {sent}/{total} đơn vị đã nộp (minh họa).")
        self.stdout.write(
            f"Văn bản theo thể thức của Đoàn: {load_letterhead_demo()} mẫu tiêu đề; kế hoạch, phiếu đăng ký, phiếu "
            "trống để in và giấy khen tải về dạng Word (.docx) hoặc PDF."
        )
        sent = load_message_demo()
        if sent:
            self.stdout.write(
                f"Tin nhắn đến nhóm: Văn phòng Tỉnh đoàn Cà Mau nhắc {sent.count} cán bộ chưa báo cáo sơ kết "
                "(minh họa)."
            )
        meeting = load_meeting_demo()
        if meeting:
            counts = meeting.invitations.exclude(reply="").count(), meeting.invitations.count()
            self.stdout.write(
                f"Giấy mời họp: “{meeting.title}” ({meeting.unit.name}, {meeting.day:%d/%m/%Y}), "
                f"{counts[0]}/{counts[1]} đã trả lời — {settings.SITE_URL}/hop/{meeting.pk}/"
            )
        comments = load_feedback_demo()
        if comments:
            cadres = comments.comments.values("registration").distinct().count()
            self.stdout.write(
                f"Góp ý cán bộ: {comments.unit.name} góp ý {cadres} cán bộ tại buổi sinh hoạt chủ điểm — "
                f"{settings.SITE_URL}/gop-y/{comments.pk}/"
            )
        published = load_public_activity_demo()
        if published:
            self.stdout.write(
                f"Hoạt động công khai: {published.get_kind_display()} {published.unit.name} "
                f"{published.held_on:%d/%m/%Y} — {settings.SITE_URL}/hoat-dong/ (RSS: /hoat-dong/rss/, Atom: "
                "/hoat-dong/atom/, nhúng: /hoat-dong/nhung/)"
            )
        token = load_api_token_demo()
        if token:
            self.stdout.write(
                f"API chỉ đọc: {settings.SITE_URL}/api/v1/docs — mã truy cập minh họa của Tỉnh đoàn Cà Mau: "
                f"curl -H 'Authorization: Bearer {token}' {settings.SITE_URL}/api/v1/units"
            )
        self.stdout.write(f"\nDemo logins ({settings.SITE_URL}/, office admin at /admin/):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.password:<14} {login.description}")
