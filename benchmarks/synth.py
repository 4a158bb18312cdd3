"""Synthesise a guide of N questions with the project's own content model, as YAML files in a temporary project.

The guide has the shape of the shipped one (6 steps, 2 pages, 10 outreach templates, a prep sheet, sources)
with N questions spread over banks of `bank_size`. Text is made from word lists with a fixed seed, so a run
is repeatable and every file validates.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

STEPS = ("identify", "outreach", "prepare", "conduct", "follow-up", "nurture")
STAGES = ("student", "changer", "experienced")
TIARA = ("trends", "insights", "advice", "resources", "assignments")
TAGS = tuple(
    f"{a}-{b}"
    for a in ("career", "team", "skills", "market", "culture", "money", "growth", "tools")
    for b in ("story", "choices", "risks", "habits", "entry", "change", "people")
)  # 56 topic tags
SUBJECTS = (
    "your first year",
    "the hiring process",
    "a typical week",
    "the hardest project you led",
    "the skills you use most",
    "the way your team works",
    "the changes in this field",
    "the people who helped you",
    "your biggest surprise",
    "the trade-offs in this role",
)
VERBS = ("plan", "learn", "decide", "prepare", "measure", "share", "choose", "start", "review", "change")
WORDS = [
    "conversation",
    "clients",
    "budget",
    "deadline",
    "mentor",
    "project",
    "meeting",
    "feedback",
    "promotion",
    "network",
    "portfolio",
    "interview",
    "contract",
    "training",
    "colleague",
    "manager",
    "report",
    "salary",
    "schedule",
    "strategy",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(" ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(4)) for _ in range(count))


def _question(rng: random.Random, qid: str, all_ids: list[str], position: int) -> dict[str, Any]:
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    question: dict[str, Any] = {
        "id": qid,
        "text": f"Looking back at {subject}, how did you {verb} when the {rng.choice(WORDS)} was at stake?",
    }
    priority = rng.random() < 0.05
    if priority or rng.random() < 0.3:
        question["tells"] = f"How they {verb} under pressure, and *what* they value: {_sentence(rng, 10)}"
    if priority:
        question["priority"] = True
    question["stages"] = sorted(rng.sample(STAGES, rng.randint(1, 3)), key=STAGES.index)
    roll = rng.random()
    if roll < 0.1:
        question["phase"] = "opening"
    elif roll > 0.9:
        question["phase"] = "closing"
    if rng.random() < 0.7:
        question["tiara"] = rng.choice(TIARA)
    if rng.random() < 0.02:
        question["sensitive"] = "Ask only once there is some trust; offer to skip it."
    if position > 0 and rng.random() < 0.4:
        question["follow_ups"] = sorted(set(rng.sample(all_ids[:position], min(position, rng.randint(1, 2)))))
    question["tags"] = sorted(rng.sample(TAGS, rng.randint(1, 3)))
    return question


def _guide(banks: list[str]) -> dict[str, Any]:
    return {
        "id": "bench-guide",
        "title": "Benchmark guide",
        "description": "A synthesised guide for timing the build.",
        "audience": "Whoever measures the generator.",
        "site_url": "https://example.org/bench/",
        "steps": list(STEPS),
        "before_steps": ["what-it-is"],
        "after_steps": ["beyond-the-basics"],
        "banks": banks,
        "outreach": [f"message-{i:02d}" for i in range(1, 11)],
        "prep_sheets": ["interview"],
        "channels": {
            "email": {"label": "Email", "subject": True, "max_words": 100, "subject_max_chars": 50},
            "linkedin-note": {"label": "LinkedIn connection note", "max_chars": 200},
        },
    }


def _step(rng: random.Random, number: int, step_id: str, banks: list[str]) -> dict[str, Any]:
    phases = ("before", "during", "after", "ongoing")
    step: dict[str, Any] = {
        "id": step_id,
        "title": f"Step {step_id.replace('-', ' ')}",
        "summary": _sentence(rng, 14),
        "body": "## What this step is for\n\n" + _paragraphs(rng, 4) + "\n\n## How to do it\n\n" + _paragraphs(rng, 4),
        "checklist": [{"id": f"item-{i}", "text": _sentence(rng, 12), "phase": phases[i % 4]} for i in range(1, 9)],
        "tips": [_sentence(rng, 15) for _ in range(3)],
        "mistakes": [_sentence(rng, 15) for _ in range(3)],
        "sources": [f"source-{number:02d}", f"source-{number + 6:02d}"],
    }
    if step_id == "prepare":
        step["banks"] = banks  # the step that lists every bank, as the shipped guide's does
    elif step_id == "conduct":
        step["banks"] = banks[:3]
    if step_id in ("outreach", "follow-up"):
        step["outreach"] = ["message-01", "message-02"] if step_id == "outreach" else ["message-03"]
    return step


def _template(index: int) -> dict[str, Any]:
    email = index % 3 != 0
    template: dict[str, Any] = {
        "id": f"message-{index:02d}",
        "title": f"Message {index}",
        "channel": "email" if email else "linkedin-note",
        "when": "Send it on a weekday morning, once you have **one specific** reason to write.",
        "body": "Hi {first_name},\n\nI enjoyed your talk on {topic}. Could you spare 20 minutes?\n\nThanks,\n{my_name}\n",
        "placeholders": {
            "first_name": {"label": "Their first name", "example": "Priya"},
            "topic": {"label": "Topic", "example": "rural bus planning", "help": "A few words."},
            "my_name": {"label": "Your name", "example": "Sam Okafor"},
        },
        "tips": ["Read it aloud before you send it."],
        "sources": ["source-01"],
    }
    if email:
        template["subject"] = "A question about {topic}"
    return template


def _prep_sheet() -> dict[str, Any]:
    return {
        "id": "interview",
        "title": "Conversation prep sheet",
        "intro": "Fill this in before each conversation.",
        "sections": [
            {
                "id": "contact",
                "title": "Contact",
                "fields": [
                    {"id": "name", "label": "Name"},
                    {"id": "role", "label": "Role"},
                    {"id": "when", "label": "Date and time", "type": "datetime", "help": "Include the time zone"},
                ],
            },
            {
                "id": "goal",
                "title": "Your goal",
                "fields": [{"id": "goal", "label": "What you hope to learn", "type": "textarea", "lines": 3}],
            },
            {"id": "questions", "title": "Your questions", "question_slots": 8},
            {"id": "checklist", "title": "Before, during and after", "checklists": ["prepare", "conduct"]},
        ],
    }


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(text, encoding="utf-8")


def write_content(content_dir: Path, questions: int, *, bank_size: int = 100, seed: int = 7) -> int:
    """Write a valid guide with `questions` questions into `content_dir`; return the number of banks."""
    rng = random.Random(seed)
    count = max(1, math.ceil(questions / bank_size))
    banks = [f"bank-{i:03d}" for i in range(1, count + 1)]
    _dump(content_dir / "guide.yml", _guide(banks))
    for number, step_id in enumerate(STEPS, 1):
        _dump(content_dir / "steps" / f"{step_id}.yml", _step(rng, number, step_id, banks))
    for page_id in ("what-it-is", "beyond-the-basics"):
        page = {"id": page_id, "title": page_id.replace("-", " ").capitalize(), "summary": _sentence(rng, 12)}
        page |= {"body": "## In short\n\n" + _paragraphs(rng, 6), "sources": ["source-03"]}
        _dump(content_dir / "pages" / f"{page_id}.yml", page)
    for index in range(1, 11):
        _dump(content_dir / "outreach" / f"message-{index:02d}.yml", _template(index))
    _dump(content_dir / "prep-sheets" / "interview.yml", _prep_sheet())
    sources = [
        {"id": f"source-{i:02d}", "title": f"Source {i}", "url": f"https://example.org/sources/{i}", "year": 2020}
        for i in range(1, 21)
    ]
    _dump(content_dir / "sources" / "sources.yml", {"sources": sources})
    ids: list[str] = []
    for number, bank_id in enumerate(banks, 1):
        size = questions - bank_size * (count - 1) if number == count else bank_size
        first = len(ids)
        ids += [f"{bank_id}-q-{i:03d}" for i in range(1, size + 1)]
        bank = {
            "id": bank_id,
            "title": f"Questions, set {number}",
            "description": f"Set {number} of the questions. " + _sentence(rng, 12),
            "sources": [f"source-{1 + number % 20:02d}"],
            "questions": [_question(rng, ids[first + i], ids, first + i) for i in range(size)],
        }
        _dump(content_dir / "questions" / f"{bank_id}.yml", bank)
    return count


def site_config(*, content_dir: Path, docs_dir: Path, pdf: bool = False) -> dict[str, Any]:
    """The repository's mkdocs.yml, pointed at the synthesised content and the repository's templates."""
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["site_name"] = "Benchmark guide"
    plugins = []
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "coachguide" in entry:
            options = {**(entry["coachguide"] or {}), "content_dir": str(content_dir)}
            options |= {"templates_dir": str(TEMPLATES), "pdf": pdf}
            entry = {"coachguide": options}
        plugins.append(entry)
    config["plugins"] = plugins
    return config


def plain_config(config: dict[str, Any], *, docs_dir: Path, nav: list[Any], assets: list[str]) -> dict[str, Any]:
    """The same site without the coachguide plugin: same theme, extensions, nav and assets, pages pre-rendered."""
    plain = {**config, "docs_dir": str(docs_dir), "nav": nav}
    plain["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "coachguide" in p)]
    plain["site_description"] = "A synthesised guide for timing the build."
    plain["extra_css"] = [f"assets/coachguide/{a}" for a in assets if a.endswith(".css")]
    plain["extra_javascript"] = [f"assets/coachguide/{a}" for a in assets if a.endswith(".js")]
    return plain


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    _dump(path, data)
    return path
