"""Every deployment and signed commitment recorded before activities existed gets its linked activity (a launch
conference, a signing ceremony), so a unit's activity log holds them too. Reversible: the linked ones go."""

from django.db import migrations


def link(apps, schema_editor):
    Activity = apps.get_model("campaigns", "Activity")
    Deployment = apps.get_model("campaigns", "Deployment")
    BranchCommitment = apps.get_model("campaigns", "BranchCommitment")
    Activity.objects.bulk_create(
        [
            Activity(
                campaign_id=d.campaign_id,
                unit_id=d.unit_id,
                kind="launch",
                held_on=d.deployed_on,
                attendance=d.attendance,
                minutes=d.notes,
                deployment=d,
                recorded_by_id=d.reported_by_id,
            )
            for d in Deployment.objects.filter(activity__isnull=True).iterator()
        ],
        batch_size=1000,
    )
    Activity.objects.bulk_create(
        [
            Activity(
                campaign_id=c.campaign_id,
                unit_id=c.unit_id,
                kind="signing",
                held_on=c.signed_on,
                attendance=c.signers,
                minutes=c.text,
                commitment=c,
            )
            for c in BranchCommitment.objects.filter(activity__isnull=True).iterator()
        ],
        batch_size=1000,
    )


def unlink(apps, schema_editor):
    Activity = apps.get_model("campaigns", "Activity")
    Activity.objects.filter(deployment__isnull=False).delete()
    Activity.objects.filter(commitment__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_activities")]

    operations = [migrations.RunPython(link, unlink)]
