"""A read replica (DATABASE_REPLICA_URL): the dashboards' figures and the export jobs' rows read from it; scope
checks, sign-in, the workflow pages and every write stay on the primary."""

import pytest
from django.db import connections
from django.urls import reverse

from common.replica import REPLICA, ReplicaRouter
from registrations.models import Registration

from .conftest import export, filled


@pytest.fixture
def routed(monkeypatch):
    """A replica that is the primary's own connection (what a mirror is in tests, so it sees the test's rows), and
    the models whose reads the router sent to it."""
    monkeypatch.setitem(connections.settings, REPLICA, connections.settings["default"])
    setattr(connections._connections, REPLICA, connections["default"])
    sent: list[str] = []
    decide = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = decide(self, model, **hints)
        if alias == REPLICA:
            sent.append(model._meta.label)
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    yield sent
    delattr(connections._connections, REPLICA)


def test_without_a_replica_every_read_stays_on_the_primary(world, campaign):
    assert REPLICA not in connections.settings
    from common.replica import replica_reads

    with replica_reads():
        assert ReplicaRouter().db_for_read(campaign.__class__) is None
    assert ReplicaRouter().allow_migrate("default", "campaigns") and not ReplicaRouter().allow_migrate(REPLICA, "x")


def test_the_cache_table_and_sessions_stay_on_the_primary_even_inside_replica_reads(routed):
    from django.contrib.sessions.models import Session
    from django.core.cache.backends.db import Options

    from common.replica import replica_reads

    class CacheEntry:
        _meta = Options("portal_cache")

    with replica_reads():
        assert ReplicaRouter().db_for_read(Session) is None
        assert ReplicaRouter().db_for_read(CacheEntry) is None
        assert ReplicaRouter().db_for_read(Registration) == REPLICA


def test_the_dashboards_figures_read_from_the_replica_and_its_scope_check_does_not(world, campaign, client_for, routed):
    filled(world, campaign)
    response = client_for(world.office1).get(reverse("reports:dashboard", args=[campaign.slug]))
    assert response.status_code == 200
    assert "registrations.Registration" in routed and "organizations.UnitSpan" in routed
    assert "organizations.Role" not in routed and "accounts.User" not in routed  # who may see it: the primary
    # Another office's campaign is still refused, by the primary.
    assert client_for(world.office2).get(reverse("reports:dashboard", args=[campaign.slug])).status_code == 404


def test_an_export_jobs_rows_come_from_the_replica(world, campaign, client_for, routed):
    filled(world, campaign)
    response = export(client_for(world.office1), campaign.slug, "registrations")
    assert response.status_code == 200
    assert "registrations.Registration" in routed
    assert "reports.ExportJob" not in routed  # the job's own row: claimed and moved on the primary


def test_a_cadres_sheet_never_reads_from_the_replica(world, campaign, client_for, routed):
    filled(world, campaign)
    cadre = client_for(world.cadre)
    assert cadre.get(reverse("registrations:register", args=[campaign.slug])).status_code == 200
    assert routed == []
