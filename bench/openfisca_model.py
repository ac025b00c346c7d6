"""Three Hangzhou clauses written for OpenFisca-core, the field's reference engine, for the
side-by-side run of ``bench.rules_bench``: (十二) software exports, (十三) certifications
(certificates as persons of an enterprise group entity, OpenFisca's way to model lists) and
(十七) graduate training. OpenFisca holds money as float32, as its ``value_type=float`` does."""

from __future__ import annotations

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Certificate = build_entity(
    key="certificate", plural="certificates", label="certificate", is_person=True
)
Enterprise = build_entity(
    key="enterprise",
    plural="enterprises",
    label="enterprise",
    roles=[{"key": "holder", "plural": "holders", "label": "holder"}],
)

PARAMETERS = {
    "software_export": {
        "tier1_at": {"values": {"2007-01-01": 500_000}},
        "tier1_amount": {"values": {"2007-01-01": 200_000}},
        "tier2_at": {"values": {"2007-01-01": 5_000_000}},
        "tier2_amount": {"values": {"2007-01-01": 500_000}},
    },
    "certification": {
        "rate": {"values": {"2007-01-01": 0.5}},
        "cap": {"values": {"2007-01-01": 500_000}},
    },
    "graduate_training": {"rate": {"values": {"2007-01-01": 0.85}}},
}


class software_export_usd(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR


class software_export_reward(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).software_export
        exports = enterprise("software_export_usd", period)
        return np.select(
            [exports >= p.tier2_at, exports >= p.tier1_at], [p.tier2_amount, p.tier1_amount], 0
        )


class certification_cost(Variable):
    value_type = float
    entity = Certificate
    definition_period = DateUnit.YEAR


class certification_qualifies(Variable):
    value_type = bool
    entity = Certificate
    definition_period = DateUnit.YEAR


class certification_award(Variable):
    value_type = float
    entity = Certificate
    definition_period = DateUnit.YEAR

    def formula(certificate, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).certification
        cost = certificate("certification_cost", period)
        award = np.minimum(cost * p.rate, p.cap)
        return np.where(certificate("certification_qualifies", period), award, 0)


class certification_reward(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        return enterprise.sum(enterprise.members("certification_award", period))


class graduate_training_fees(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR


class graduate_training_subsidy(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        rate = parameters(period).graduate_training.rate
        return enterprise("graduate_training_fees", period) * rate


def tax_benefit_system() -> TaxBenefitSystem:
    system = TaxBenefitSystem([Certificate, Enterprise])
    system.parameters = ParameterNode("", data=PARAMETERS)
    for variable in (
        software_export_usd,
        software_export_reward,
        certification_cost,
        certification_qualifies,
        certification_award,
        certification_reward,
        graduate_training_fees,
        graduate_training_subsidy,
    ):
        system.add_variable(variable)
    return system


def simulate(
    period: str,
    exports_yuan: np.ndarray,
    graduate_fees_yuan: np.ndarray,
    cert_enterprise: np.ndarray,
    cert_cost_yuan: np.ndarray,
    cert_qualifies: np.ndarray,
) -> dict[str, np.ndarray]:
    """The three clauses for every enterprise; each enterprise has at least one certificate
    row (OpenFisca groups need members; rows that do not qualify pay nothing)."""
    system = tax_benefit_system()
    builder = SimulationBuilder()
    builder.create_entities(system)
    n = len(exports_yuan)
    builder.declare_person_entity("certificate", [str(i) for i in range(len(cert_cost_yuan))])
    enterprises = builder.declare_entity("enterprise", [str(i) for i in range(n)])
    builder.join_with_persons(
        enterprises, [str(i) for i in cert_enterprise], ["holder"] * len(cert_enterprise)
    )
    simulation = builder.build(system)
    simulation.set_input("software_export_usd", period, exports_yuan)
    simulation.set_input("graduate_training_fees", period, graduate_fees_yuan)
    simulation.set_input("certification_cost", period, cert_cost_yuan)
    simulation.set_input("certification_qualifies", period, cert_qualifies)
    return {
        "hangzhou.12.software_export": simulation.calculate("software_export_reward", period),
        "hangzhou.13.certification": simulation.calculate("certification_reward", period),
        "hangzhou.17.graduate_training": simulation.calculate("graduate_training_subsidy", period),
    }
