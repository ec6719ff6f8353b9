"""A deterministic synthetic corpus of engineering project notes.

Documents read like the notes of an opto-mechanical instrument project:
requirements with ids and tolerances, component lists, design decisions with
their rationale, test results with measured values, some configuration in
fenced code blocks. The same (count, seed) always writes the same bytes, so
benchmark runs are comparable.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

SUBSYSTEMS = {
    "optics": [
        "primary mirror",
        "secondary mirror",
        "lens cell",
        "beam splitter",
        "focal plane assembly",
        "collimator",
        "fold mirror",
        "field stop",
        "baffle",
        "relay lens",
        "spectrograph grating",
    ],
    "mechanical": [
        "bipod mount",
        "flexure hinge",
        "kinematic mount",
        "optical bench",
        "bracket",
        "hexapod",
        "launch lock",
        "bearing",
        "focus actuator",
        "shim set",
        "strut",
        "metering structure",
    ],
    "thermal": [
        "heater circuit",
        "radiator panel",
        "heat pipe",
        "MLI blanket",
        "thermistor",
        "cold plate",
        "thermal strap",
        "cryocooler",
        "thermal isolator",
        "enclosure",
    ],
}
MATERIALS = [
    "Invar 36",
    "Al 6061-T6",
    "Ti-6Al-4V",
    "Zerodur",
    "ULE glass",
    "SiC",
    "CFRP",
    "stainless 316L",
    "beryllium",
]
QUANTITIES = [
    ("wavefront error", "nm RMS", 5, 80),
    ("decenter", "um", 2, 200),
    ("tilt", "urad", 5, 300),
    ("operating temperature", "degC", -40, 60),
    ("axial stiffness", "N/um", 5, 400),
    ("first mode", "Hz", 40, 600),
    ("mass", "kg", 0.1, 40),
    ("heater power", "W", 0.5, 60),
    ("thermal gradient", "K", 0.05, 5),
    ("preload", "N", 20, 2000),
    ("focus range", "mm", 0.5, 12),
    ("settling time", "s", 0.1, 5),
]
PEOPLE = ["A. Moreau", "J. Chen", "P. Okafor", "L. Lindqvist", "R. Patel", "S. Ito", "M. Duarte"]
PROJECTS = ["Helios imager", "Kestrel spectrometer", "Aurora telescope", "Lynx star tracker", "Osprey lidar"]
VERBS = ["shall maintain", "shall not exceed", "shall survive", "shall provide", "shall hold"]
OUTCOMES = ["PASS", "PASS", "PASS", "FAIL", "PASS with deviation"]
CAMPAIGNS = ["TVAC", "vibration", "alignment", "bake-out"]
REVIEWS = ["PDR", "CDR", "weekly design review", "tiger team"]
SETUPS = ["interferometer", "laser tracker", "shaker table", "TVAC chamber"]
CAUSES = [
    "the CTE mismatch between the {m1} pad and the {m2} cell",
    "bolt preload relaxation after thermal cycling",
    "a soft first mode of the {c} under random vibration",
    "outgassing from the adhesive bond line",
    "stray light reflected by the {c}",
    "the radiative coupling between the {c} and the enclosure",
]


def _value(rng: random.Random, low: float, high: float) -> str:
    value = rng.uniform(low, high)
    return f"{value:.1f}" if high < 20 else f"{value:.0f}"


class _Writer:
    def __init__(self, rng: random.Random, project: str, subsystem: str, component: str) -> None:
        self.rng = rng
        self.project = project
        self.subsystem = subsystem
        self.component = component

    def other(self) -> str:
        return self.rng.choice([c for cs in SUBSYSTEMS.values() for c in cs])

    def quantity(self) -> str:
        name, unit, low, high = self.rng.choice(QUANTITIES)
        return f"{name} of {_value(self.rng, low, high)} {unit}"

    def requirement(self, number: int) -> str:
        name, unit, low, high = self.rng.choice(QUANTITIES)
        return (
            f"- **REQ-{number:04d}**: The {self.component} {self.rng.choice(VERBS)} a {name} within "
            f"{_value(self.rng, low, high)} {unit} over the {self.rng.choice(['operational', 'survival', 'test'])} "
            f"range. Verification by {self.rng.choice(['test', 'analysis', 'inspection', 'similarity'])}."
        )

    def paragraph(self) -> str:
        rng = self.rng
        sentences = [
            f"The {self.component} is made of {rng.choice(MATERIALS)} and interfaces with the {self.other()}.",
            f"Analysis predicts a {self.quantity()} at the {rng.choice(['hot', 'cold'])} operational case.",
            f"The margin against the allocation is {rng.randint(5, 60)} percent after the last design iteration.",
            f"{rng.choice(PEOPLE)} noted that {self.cause()} drives the error budget.",
            f"A {self.quantity()} was measured on the engineering model during the {rng.choice(CAMPAIGNS)} campaign.",
            f"The {self.other()} supplier confirmed a lead time of {rng.randint(4, 30)} weeks.",
            f"Integration of the {self.component} requires a cleanroom of ISO class {rng.choice([5, 6, 7])}.",
        ]
        return " ".join(rng.sample(sentences, rng.randint(3, 6)))

    def cause(self) -> str:
        """A cause sentence from its template, with two materials and another component."""
        template = self.rng.choice(CAUSES)
        return template.format(m1=self.rng.choice(MATERIALS), m2=self.rng.choice(MATERIALS), c=self.other())

    def decision(self, number: int) -> str:
        rng = self.rng
        a, b = rng.sample(MATERIALS, 2)
        return (
            f"### DEC-{number:03d}: {a} for the {self.component}\n\n"
            f"Chose {a} over {b} because {rng.choice(CAUSES).format(m1=a, m2=b, c=self.other())} "
            "was the dominant risk. "
            f"Decided by {rng.choice(PEOPLE)} at the {rng.choice(REVIEWS)}. "
            f"{self.paragraph()}"
        )

    def test_result(self, number: int) -> str:
        rng = self.rng
        name, unit, low, high = rng.choice(QUANTITIES)
        return (
            f"### TR-{number:03d} {name} test\n\n"
            f"Result: **{rng.choice(OUTCOMES)}**. Measured {name} {_value(rng, low, high)} {unit} against a limit of "
            f"{_value(rng, low, high)} {unit}. {self.paragraph()}\n\n"
            f"```yaml\ntest: TR-{number:03d}\nunit: {self.component}\nsetup: {rng.choice(SETUPS)}\n"
            f"samples: {rng.randint(3, 40)}\n```"
        )

    def components(self) -> str:
        rows = [
            f"- {self.other()}: {self.rng.choice(MATERIALS)}, {self.quantity()}" for _ in range(self.rng.randint(3, 7))
        ]
        return "\n".join(rows)


def document(rng: random.Random, index: int) -> str:
    project = rng.choice(PROJECTS)
    subsystem = rng.choice(list(SUBSYSTEMS))
    component = rng.choice(SUBSYSTEMS[subsystem])
    w = _Writer(rng, project, subsystem, component)
    parts = [f"# {project}: {component} ({subsystem}) note {index}", w.paragraph()]
    parts += ["## Requirements", "\n".join(w.requirement(rng.randint(1, 9999)) for _ in range(rng.randint(2, 6)))]
    parts += ["## Components", w.components(), w.paragraph()]
    parts += ["## Design decisions"] + [w.decision(rng.randint(1, 999)) for _ in range(rng.randint(1, 3))]
    parts += ["## Test results"] + [w.test_result(rng.randint(1, 999)) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        parts += ["## Open issues", "\n\n".join(w.paragraph() for _ in range(rng.randint(1, 3)))]
    return "\n\n".join(parts) + "\n"


def iter_documents(seed: int = 7) -> Iterator[tuple[str, str]]:
    """An endless, deterministic stream of (relative path, markdown text)."""
    rng = random.Random(seed)
    for index in itertools.count():
        yield f"batch-{index // 500:03d}/note-{index:05d}.md", document(rng, index)


def write_corpus(directory: Path, documents: int, seed: int = 7) -> list[Path]:
    """Write ``documents`` markdown notes under ``directory``, 500 per folder."""
    written = []
    for relative, text in itertools.islice(iter_documents(seed), documents):
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def queries(count: int, seed: int = 11) -> list[str]:
    """Questions an engineer would ask of such a corpus."""
    rng = random.Random(seed)
    all_components = [c for cs in SUBSYSTEMS.values() for c in cs]
    templates = [
        lambda: f"What is the {rng.choice(QUANTITIES)[0]} requirement for the {rng.choice(all_components)}?",
        lambda: f"Why did we choose {rng.choice(MATERIALS)} for the {rng.choice(all_components)}?",
        lambda: f"{rng.choice(QUANTITIES)[0]} test result on the {rng.choice(all_components)}",
        lambda: (
            "risk from "
            + rng.choice(CAUSES).format(
                m1=rng.choice(MATERIALS), m2=rng.choice(MATERIALS), c=rng.choice(all_components)
            )
        ),
        lambda: f"{rng.choice(PROJECTS)} {rng.choice(all_components)} lead time and supplier",
        lambda: f"REQ-{rng.randint(1, 9999):04d} verification of {rng.choice(all_components)}",
    ]
    return [rng.choice(templates)() for _ in range(count)]
