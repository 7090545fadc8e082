"""API tokens: the secret shown once and never stored (only its SHA-256 digest), a token
acts as its user with that user's roles, a revoked or wrong one is refused; the commands."""

import hashlib

import pytest
from click.testing import CliRunner

from chuyendoiso.access.models import ApiToken
from chuyendoiso.access.selectors import actor_can
from chuyendoiso.access.services import token_create, token_revoke, user_for_token
from chuyendoiso.audit.models import AuditEntry
from chuyendoiso.cli import main
from chuyendoiso.engine.domain.access import Action
from chuyendoiso.engine.domain.errors import NotFoundError, PermissionDeniedError
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return member("may.khach", "reporter", OrgUnit.objects.get(code="05440"))


def test_a_token_acts_as_its_user_and_records_its_last_use(reporter):
    token, secret = token_create(acting_user=None, user=reporter, name="dhis2")
    assert secret.startswith(f"cds_{token.prefix}_") and len(secret) > 40
    assert token.last_used_at is None
    assert user_for_token(f"Bearer {secret}") == reporter
    token.refresh_from_db()
    assert token.last_used_at is not None
    # scoped like the user: its own ward only
    ward, district = OrgUnit.objects.get(code="05440"), OrgUnit.objects.get(code="164")
    user = user_for_token(f"bearer   {secret}")
    assert actor_can(user, Action.WRITE, ward) and not actor_can(user, Action.WRITE, district)


def test_only_the_digest_of_the_secret_is_stored(reporter):
    token, secret = token_create(acting_user=None, user=reporter, name="dhis2")
    token.refresh_from_db()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get(pk=token.pk)]
    audit = [str(row) for row in AuditEntry.objects.filter(entity="api_token").values_list()]
    secret_part = secret.split("_", 2)[2]
    assert not any(secret_part in text for text in stored + audit)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer nonsense",
        "Basic {secret}",
        "Bearer {secret}x",
        "Bearer cds_00000000_{rest}",  # another prefix
        "Bearer {secret_other_prefix}",
    ],
)
def test_a_wrong_header_gives_no_user(reporter, header):
    token, secret = token_create(acting_user=None, user=reporter, name="dhis2")
    rest = secret.split("_", 2)[2]
    if header is not None:
        header = header.format(
            secret=secret, rest=rest, secret_other_prefix=f"cds_{token.prefix}_{rest[::-1]}"
        )
    assert user_for_token(header) is None


def test_a_revoked_token_or_an_inactive_user_is_refused(reporter):
    token, secret = token_create(acting_user=None, user=reporter, name="dhis2")
    _, other_secret = token_create(acting_user=None, user=reporter, name="backup")
    token_revoke(acting_user=None, prefix=token.prefix, reason="lộ mã")
    assert user_for_token(f"Bearer {secret}") is None
    assert user_for_token(f"Bearer {other_secret}") == reporter
    reporter.is_active = False
    reporter.save()
    assert user_for_token(f"Bearer {other_secret}") is None
    entry = AuditEntry.objects.get(action="token_revoke", entity_key=token.prefix)
    assert entry.reason == "lộ mã"


def test_only_a_system_administrator_creates_or_revokes_tokens(reporter):
    with pytest.raises(PermissionDeniedError):
        token_create(acting_user=reporter, user=reporter, name="mine")
    token, _ = token_create(acting_user=None, user=reporter, name="dhis2")
    with pytest.raises(PermissionDeniedError):
        token_revoke(acting_user=reporter, prefix=token.prefix)
    with pytest.raises(NotFoundError):
        token_revoke(acting_user=None, prefix="khong-co")


def test_the_token_commands(reporter):
    runner = CliRunner()
    created = runner.invoke(main, ["tokens", "create", "--user", "may.khach", "--name", "dhis2"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert user_for_token(f"Bearer {secret}") == reporter
    prefix = secret.split("_")[1]
    listed = runner.invoke(main, ["tokens", "list"])
    assert prefix in listed.output and "may.khach" in listed.output
    assert secret.split("_", 2)[2] not in listed.output
    revoked = runner.invoke(main, ["tokens", "revoke", prefix, "--actor", "ops"])
    assert revoked.exit_code == 0, revoked.output
    assert user_for_token(f"Bearer {secret}") is None
    assert AuditEntry.objects.get(action="token_revoke").actor_name == "ops"
    unknown = runner.invoke(main, ["tokens", "create", "--user", "khong.co", "--name", "x"])
    assert unknown.exit_code == 2 and "khong.co" in unknown.output
