"""Synthetic SOC events, payments, health records and civil-status events (not calibrated).

The mix of SOC event kinds follows the seed report's counts (queries aggregated about 100
to a record); the other shares are plausible, not measured.
"""

from __future__ import annotations

from chuyendoiso.engine.demo.draws import Draws, Recipe

_SOC_ROWS = {  # records per kind, from the seed's counts (queries: ~100 occurrences each)
    "query": 165_444,
    "targeted_attack": 110_651,
    "spam": 63_605,
    "malware_mail": 383,
    "malware_cleaned": 1_207,
    "vulnerability": 1_486,
    "dangerous_connection": 114,
    "state_pc_sharing_malware": 2_597,
}


def _id(prefix: str, d: Draws) -> str:
    return f"printf('{prefix}-%04X%010d', {d.seed % 65536}, i)"


def soc_events_sql(d: Draws) -> str:
    kind = d.pick("kind", {k: float(v) for k, v in _SOC_ROWS.items()})
    occurrences = f"1 + {d.integer('occurrences', 199)}"
    return f"""
        SELECT id, org_unit, detected_at, kind,
          CASE WHEN kind = 'query' THEN {occurrences} ELSE 1 END AS occurrences,
          CASE WHEN kind IN ('targeted_attack', 'malware_mail', 'dangerous_connection')
               THEN 'blocked' WHEN kind IN ('spam', 'malware_cleaned') THEN 'removed'
               ELSE 'detected' END AS action,
          CASE WHEN kind IN ('malware_cleaned', 'state_pc_sharing_malware', 'vulnerability')
               THEN printf('PC-%s-%03d', org_unit, {d.integer("host", 300)}) END AS host,
          {d.pick("severity", {"low": 5, "medium": 3, "high": 1.5, "critical": 0.5})} AS severity
        FROM (SELECT i, {_id("SOC", d)} AS id, {d.unit()} AS org_unit,
                {d.moment("detected")} AS detected_at, {kind} AS kind
              FROM range({d.rows}) AS t(i)) AS e"""


def payments_sql(d: Draws) -> str:
    channel = d.pick("channel", {"internet": 50, "atm": 20, "pos": 20, "mobile_money": 10})
    amount = f"CAST(ROUND(POW(10, 4 + 3.5 * {d.uniform('amount')}), -3) AS DECIMAL(18, 2))"
    return f"""
        SELECT id, org_unit, paid_at, channel, amount,
          CASE WHEN channel IN ('pos', 'mobile_money')
               THEN printf('MC-%s-%04d', org_unit, {d.integer("merchant", 2000)}) END AS merchant_id
        FROM (SELECT i, {_id("GD", d)} AS id, {d.unit()} AS org_unit,
                {d.moment("paid")} AS paid_at, {channel} AS channel, {amount} AS amount
              FROM range({d.rows}) AS t(i)) AS p"""


def health_records_sql(d: Draws) -> str:
    facility = f"printf('CS-%s-%d', org_unit, {d.integer('facility', 3)})"
    return f"""
        SELECT id, org_unit, created_at, facility_id,
          hash(facility_id, {d.seed}) % 100 < 96 AS connected,
          {d.pick("sex", {"male": 1, "female": 1})} AS sex
        FROM (SELECT *, {facility} AS facility_id
              FROM (SELECT i, {_id("HSSK", d)} AS id, {d.unit()} AS org_unit,
                      {d.moment("created")} AS created_at
                    FROM range({d.rows}) AS t(i)) AS h) AS f"""


def civil_status_events_sql(d: Draws) -> str:
    kind = d.pick(
        "event",
        {
            "birth": 45,
            "death": 18,
            "marriage": 20,
            "parentage": 3,
            "guardianship": 1,
            "change": 10,
            "other": 3,
        },
    )
    return f"""
        SELECT {_id("HT", d)} AS id, {d.unit()} AS org_unit,
          {d.moment("registered")} AS registered_at, {kind} AS event_type
        FROM range({d.rows}) AS t(i)"""


RECIPES: dict[str, Recipe] = {
    "soc_events": soc_events_sql,
    "payments": payments_sql,
    "health_records": health_records_sql,
    "civil_status_events": civil_status_events_sql,
}
