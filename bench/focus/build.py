"""Write the focus evaluation's fictional directory: ``python -m bench.focus.build``.

The profiles imitate what large directories hold: most therapists tick many
specialty boxes, some list a handful, and the bios range from devoted to one
problem through generalist to vague. Every sentence below was written for this
evaluation; names, ids, e-mail domains and phone numbers are fictional. The
output (``profiles.jsonl``) is kept in the repository, so this script only
needs to run again when the data is meant to change; the grades
(``grades.csv``) must then be made again too, before looking at any ranking.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20
STATES = {"WA": 240, "OR": 120}
CITIES = {
    "WA": [("Seattle", "98103"), ("Tacoma", "98402"), ("Spokane", "99201"),
           ("Olympia", "98501"), ("Bellingham", "98225"), ("Everett", "98201")],
    "OR": [("Portland", "97205"), ("Eugene", "97401"), ("Salem", "97301"),
           ("Bend", "97701")],
}  # fmt: skip
FIRST = (
    "Avery Bela Caspian Delphine Emeric Farrah Gideon Halina Ignatius Juniper "
    "Kasimir Lorelei Marisol Nikolai Ottilie Percival Quinlan Rosalind Sorrel "
    "Thaddeus Ulrika Valentin Wilhelmina Xiomara Yannick Zinnia Anouk Bram "
    "Calliope Dashiell Esperanza Fenwick Greer Hollis Isadora Jovan Katya Lysander "
    "Mireille Nkechi Orla Priya Rafferty Saoirse Tobiah Umaima Vesna Wendeline "
    "Yusra Zebulon Adaeze Birgit Cormac Dilnoza Eero Folasade"
).split()
LAST = (
    "Quillfeather Marrowby Thistlewood Brackenridge Underhay Fennimore Ashgrove "
    "Pellingham Corrigan-Vale Dunmore Everhart Galloway-Reed Hawksley Inglenook "
    "Juniperwell Kestrelman Larkspur Moorcroft Nettlefield Oakhurst Pemberley "
    "Quarrington Rookwood Saltmarsh Tindall Umberfield Vantongeren Wrenfield "
    "Yarrowby Zeller-Moss Abernathy-Lowe Blackthorn Crestwell Dovecote Elmsworth"
).split()
CREDENTIALS = ["LMHC", "LICSW", "LMFT", "PhD", "PsyD", "LPC", "LCSW", "MSW"]

# A concern's own words: sentences that speak of it alone (its "lead"), one
# that says how the work goes, and the short phrase a list uses.
CONCERNS: dict[str, dict[str, list[str] | str]] = {
    "trauma": {
        "lead": [
            "My practice is devoted to adults living with the aftermath of trauma: "
            "flashbacks, nightmares and the sense of being constantly on guard.",
            "I work almost entirely with people recovering from traumatic events, "
            "such as accidents, combat, violence or medical emergencies.",
            "For fifteen years my work has centred on PTSD and what trauma does "
            "to the body and the mind.",
        ],
        "how": [
            "We go at a pace that feels safe, and you decide when we turn toward "
            "the memories.",
            "Together we make the traumatic memories less raw so that they stop "
            "running your days.",
        ],
        "phrase": "trauma and PTSD",
    },
    "insomnia": {
        "lead": [
            "I specialise in insomnia and help people who lie awake night after "
            "night get their sleep back.",
            "Most of my clients come to me because they cannot sleep: trouble "
            "falling asleep, waking at 3 a.m., or dreading bedtime.",
            "Sleep is my focus; I run a structured, short programme for chronic "
            "insomnia that works without pills.",
        ],
        "how": [
            "The programme usually takes six to eight sessions and uses a sleep "
            "diary between them.",
            "We work on sleep scheduling, the bed as a cue for sleep and the "
            "racing mind at night.",
        ],
        "phrase": "sleep problems",
    },
    "ocd": {
        "lead": [
            "I treat OCD and related problems: intrusive thoughts, checking, "
            "contamination fears and rituals that eat up your day.",
            "My practice focuses on obsessive-compulsive disorder in all its "
            "forms, including the 'pure O' kind that nobody sees.",
            "I help people whose obsessions and compulsions have taken over, "
            "one small, planned step at a time.",
        ],
        "how": [
            "Exposure and response prevention (ERP) is the heart of the work, and "
            "you stay in charge of every step.",
            "We build a ladder of exposures together and practise resisting the "
            "compulsion until the urge fades.",
        ],
        "phrase": "OCD",
    },
    "grief": {
        "lead": [
            "I work with people who are grieving, whether the death was sudden, "
            "expected, recent or long ago.",
            "Bereavement is the centre of my practice; I also sit with widows and "
            "widowers learning to live on their own.",
            "My work is with grief that does not seem to ease: the loss of a "
            "parent, a partner, a child or a friend.",
        ],
        "how": [
            "We make room for the grief and, when you are ready, for rebuilding a "
            "life that still honours the person you lost.",
            "Grieving has no timetable, but it can become less crushing.",
        ],
        "phrase": "grief and loss",
    },
    "perinatal": {
        "lead": [
            "I specialise in perinatal mental health: pregnancy, birth and the "
            "first year with a new baby.",
            "My practice is for new mothers and new parents struggling after a "
            "birth, including postpartum depression.",
            "I help people through pregnancy and the postpartum months, including "
            "difficult or frightening births.",
        ],
        "how": [
            "Babies are welcome in session, and telehealth makes it easier to fit "
            "around feeds and naps.",
            "We work on what the postpartum months have stirred up and on the "
            "support you need around you.",
        ],
        "phrase": "postpartum and pregnancy concerns",
    },
    "eating_disorders": {
        "lead": [
            "I treat eating disorders, including anorexia, bulimia and binge "
            "eating, in teens and adults.",
            "My practice is devoted to people whose relationship with food and "
            "body image has become a battle.",
            "Eating disorders are my specialty; I coordinate closely with "
            "dietitians and physicians.",
        ],
        "how": [
            "We start with regular eating and build from there, without shame "
            "and without rigid rules.",
            "For adolescents I involve the family, who are the strongest resource "
            "in recovery from an eating disorder.",
        ],
        "phrase": "eating disorders",
    },
    "adhd": {
        "lead": [
            "I help adults with ADHD who are tired of hearing that they just need "
            "to try harder.",
            "My practice focuses on ADHD and executive function: planning, time, "
            "follow-through and the shame that builds around them.",
            "I work with children and teens with ADHD and coach their parents in "
            "what actually helps at home.",
        ],
        "how": [
            "We build practical systems for your day and work on the frustration "
            "that years of ADHD have left behind.",
            "Sessions are concrete: routines, reminders and tools that fit the "
            "way your brain works.",
        ],
        "phrase": "ADHD",
    },
    "relationships": {
        "lead": [
            "I work with couples who keep having the same fight and want to "
            "find their way back to each other.",
            "Couples therapy is my focus, including recovery after an affair and "
            "couples on the edge of separating.",
            "I help partners who feel more like roommates rebuild trust and "
            "closeness in their marriage.",
        ],
        "how": [
            "We slow down the arguments to see what each of you is really asking for.",
            "Both partners are heard, and we practise new ways of talking between "
            "sessions.",
        ],
        "phrase": "relationship issues",
    },
    "anxiety": {
        "lead": [
            "I specialise in anxiety: panic attacks, constant worry, and phobias "
            "that shrink your world.",
            "Most of my clients come to me with anxiety that has started to make "
            "their decisions for them.",
            "I help anxious adults who have tried to think their way out of worry "
            "and found it only grows.",
        ],
        "how": [
            "We face the feared situations gradually, with skills to ride out the "
            "panic.",
            "You will learn to notice the worry spiral early and step out of it.",
        ],
        "phrase": "anxiety",
    },
    "depression": {
        "lead": [
            "I work with depression: the heaviness, the hopeless mornings and the "
            "loss of interest in what used to matter.",
            "My practice focuses on people with long-lasting depression who are "
            "tired of just getting through the day.",
            "I help adults climb out of depression in small, steady steps.",
        ],
        "how": [
            "We reconnect you with activities and people that lift your mood, "
            "even a little at first.",
            "We look at the thoughts that keep the low mood going and test them "
            "against your life.",
        ],
        "phrase": "depression",
    },
    "addiction": {
        "lead": [
            "I work with substance use and addiction, whether you want to quit "
            "drinking entirely or cut back.",
            "My practice focuses on recovery from addiction to alcohol, opioids "
            "and other drugs.",
            "I help people who are worried about their drinking find out what "
            "they want and how to get there.",
        ],
        "how": [
            "We plan for the high-risk moments and treat a relapse as information, "
            "not failure.",
            "Families are welcome, because sobriety is easier with the people at "
            "home on board.",
        ],
        "phrase": "substance use",
    },
    "bipolar": {
        "lead": [
            "I work with people living with bipolar disorder and with the families "
            "who support them.",
            "My practice focuses on bipolar disorder: spotting early signs of "
            "mania or depression and keeping life steady between episodes.",
        ],
        "how": [
            "We work on regular daily rhythms and a plan for the early warning "
            "signs of an episode.",
        ],
        "phrase": "bipolar disorder",
    },
    "autism": {
        "lead": [
            "I am an autistic therapist working with autistic adults, many of "
            "whom were identified late in life.",
            "My practice is for neurodivergent people, especially autistic teens "
            "and adults, and the families around them.",
        ],
        "how": [
            "Sessions are direct and predictable, and we can meet by text chat "
            "or video if that suits you better.",
        ],
        "phrase": "autism",
    },
    "chronic_illness": {
        "lead": [
            "I work with people living with chronic illness and chronic pain, "
            "and with everything a diagnosis takes away.",
            "My practice focuses on life with a long-term illness such as "
            "cancer, multiple sclerosis or diabetes.",
        ],
        "how": [
            "We work on living well alongside symptoms that will not simply go away.",
        ],
        "phrase": "chronic illness",
    },
    "lgbtq_issues": {
        "lead": [
            "I am a queer therapist working mainly with LGBTQ adults, including "
            "people coming out later in life.",
            "My practice centres on gender identity and sexuality, and I support "
            "transgender and nonbinary clients at every stage.",
        ],
        "how": ["You will not have to educate me about who you are."],
        "phrase": "LGBTQ concerns",
    },
    "anger": {
        "lead": [
            "I help people whose anger is damaging their work, their family or "
            "their health.",
            "Anger is my focus: outbursts, simmering resentment and a temper that "
            "frightens the people you love.",
        ],
        "how": [
            "We map what sets the anger off and practise what to do in the "
            "seconds before it takes over.",
        ],
        "phrase": "anger",
    },
    "personality_disorders": {
        "lead": [
            "I work with people diagnosed with borderline personality disorder "
            "and others whose emotions swing fast and hard.",
            "My practice focuses on emotion dysregulation and borderline "
            "personality disorder.",
        ],
        "how": [
            "Individual sessions go with a weekly skills group, and phone coaching "
            "is available between sessions.",
        ],
        "phrase": "personality disorders",
    },
    "psychosis": {
        "lead": [
            "I work with people who have experienced psychosis, hear voices or "
            "struggle with paranoia, and with their families.",
        ],
        "how": ["We make sense of the experiences together, at your pace."],
        "phrase": "psychosis",
    },
    "infertility": {
        "lead": [
            "I support people going through infertility, IVF and the long wait "
            "of trying to conceive.",
        ],
        "how": ["I have been through fertility treatment myself and know its rhythm."],
        "phrase": "infertility",
    },
    "sexual_abuse": {
        "lead": [
            "I work with adult survivors of childhood abuse and of sexual assault.",
            "My practice is devoted to survivors of sexual abuse, at whatever "
            "point they are ready to begin.",
        ],
        "how": ["Nothing has to be told before you are ready, or at all."],
        "phrase": "sexual abuse",
    },
    "parenting": {
        "lead": [
            "I coach parents of young children through bedtime battles, "
            "meltdowns and the guilt that comes with parenting.",
        ],
        "how": ["Most of the work is with the parents, with the child joining later."],
        "phrase": "parenting",
    },
    "life_transitions": {
        "lead": [
            "I help people through life transitions: a move, a divorce, "
            "retirement or an empty nest.",
        ],
        "how": ["We make sense of the new chapter and what you want from it."],
        "phrase": "life transitions",
    },
}
# The short phrases that box-tickers' bios string together.
LIST_PHRASES = {
    **{key: str(spec["phrase"]) for key, spec in CONCERNS.items()},
    "stress": "stress and burnout", "self_esteem": "self-esteem",
    "family_conflict": "family conflict", "career": "career concerns",
    "domestic_violence": "domestic violence", "self_harm": "self-harm",
    "racial_identity": "racial identity", "spirituality": "spiritual questions",
    "dissociation": "dissociation", "behavioral_issues": "behavior problems",
}  # fmt: skip
ALL_SPECIALTIES = [
    "anxiety", "depression", "trauma", "ocd", "adhd", "bipolar", "grief",
    "relationships", "family_conflict", "parenting", "addiction",
    "behavioral_addiction", "eating_disorders", "self_esteem", "stress", "anger",
    "insomnia", "lgbtq_issues", "life_transitions", "chronic_illness",
    "personality_disorders", "psychosis", "self_harm", "suicidal_thoughts",
    "career", "perinatal", "infertility", "racial_identity", "spirituality",
    "sexual_abuse", "domestic_violence", "autism", "behavioral_issues",
    "dissociation", "sexual_health",
]  # fmt: skip
# What a focused therapist tends to list beside their main concern.
NEIGHBOURS = {
    "trauma": ["sexual_abuse", "domestic_violence", "dissociation", "anxiety"],
    "insomnia": ["anxiety", "stress", "depression"],
    "ocd": ["anxiety", "self_esteem"],
    "grief": ["depression", "life_transitions"],
    "perinatal": ["anxiety", "depression", "infertility", "parenting"],
    "eating_disorders": ["anxiety", "self_esteem", "depression"],
    "adhd": ["autism", "parenting", "self_esteem"],
    "relationships": ["family_conflict", "sexual_health", "life_transitions"],
    "anxiety": ["stress", "depression", "self_esteem"],
    "depression": ["anxiety", "self_esteem", "grief"],
    "addiction": ["behavioral_addiction", "trauma", "depression"],
    "bipolar": ["depression", "psychosis"],
    "autism": ["adhd", "anxiety"],
    "chronic_illness": ["grief", "depression", "stress"],
    "lgbtq_issues": ["relationships", "anxiety", "self_esteem"],
    "anger": ["relationships", "stress", "family_conflict"],
    "personality_disorders": ["self_harm", "suicidal_thoughts", "relationships"],
    "psychosis": ["bipolar", "family_conflict"],
    "infertility": ["perinatal", "grief", "relationships"],
    "sexual_abuse": ["trauma", "dissociation", "self_esteem"],
    "parenting": ["behavioral_issues", "family_conflict", "adhd"],
    "life_transitions": ["career", "stress", "grief"],
}
# The approaches a focused therapist of each concern tends to practise.
METHODS = {
    "trauma": ["emdr", "cognitive_processing", "prolonged_exposure",
               "trauma_focused_cbt"],
    "insomnia": ["cbt_insomnia"], "ocd": ["exposure_response_prevention"],
    "grief": ["prolonged_grief_therapy", "act"],
    "perinatal": ["interpersonal", "cbt"],
    "eating_disorders": ["cbt", "family_based_treatment"],
    "adhd": ["cbt", "parent_training"], "relationships": ["gottman",
    "emotionally_focused"], "anxiety": ["cbt", "exposure_therapy"],
    "depression": ["behavioral_activation", "cbt", "interpersonal"],
    "addiction": ["motivational_interviewing", "cbt"],
    "bipolar": ["interpersonal", "cbt"], "autism": ["cbt"],
    "chronic_illness": ["act"], "lgbtq_issues": ["person_centered"],
    "anger": ["cbt"], "personality_disorders": ["dbt", "mentalization_based"],
    "psychosis": ["cbt", "family_systems"], "infertility": ["act", "cbt"],
    "sexual_abuse": ["emdr", "cognitive_processing"],
    "parenting": ["parent_training"], "life_transitions": ["narrative"],
}  # fmt: skip
# Approaches that fit nothing in particular: what generalists list.
GENERAL_METHODS = [
    "person_centered", "humanistic", "psychodynamic", "integrative", "relational",
    "strength_based", "mindfulness_based", "solution_focused", "narrative",
    "existential", "gestalt", "ifs", "attachment_based", "somatic",
    "compassion_focused", "trauma_informed", "positive_psychology", "jungian",
]  # fmt: skip
METHOD_WORDS = {
    "emdr": "EMDR", "cognitive_processing": "Cognitive Processing Therapy",
    "prolonged_exposure": "Prolonged Exposure",
    "trauma_focused_cbt": "trauma-focused CBT", "cbt_insomnia": "CBT-I",
    "exposure_response_prevention": "exposure and response prevention",
    "prolonged_grief_therapy": "Prolonged Grief Disorder Therapy",
    "act": "Acceptance and Commitment Therapy", "interpersonal":
    "interpersonal therapy", "cbt": "CBT", "family_based_treatment":
    "family-based treatment", "parent_training": "parent training",
    "gottman": "the Gottman Method", "emotionally_focused":
    "Emotionally Focused Therapy", "exposure_therapy": "exposure therapy",
    "behavioral_activation": "behavioral activation",
    "motivational_interviewing": "motivational interviewing",
    "dbt": "DBT", "mentalization_based": "mentalization-based therapy",
    "family_systems": "family therapy", "narrative": "narrative therapy",
    "person_centered": "a person-centred approach",
}  # fmt: skip
GENERALIST_OPENINGS = [
    "I work with a wide range of concerns in adults and teens.",
    "Clients come to me with all kinds of struggles, big and small.",
    "I am a generalist and enjoy the variety of people I see.",
    "Whatever brings you in, I will meet you where you are.",
    "My practice is broad, and I see individuals from many walks of life.",
]
VAGUE = [
    "I offer a warm, nonjudgmental space where you can be fully yourself.",
    "Therapy is a journey, and I would be honoured to walk alongside you.",
    "I believe every person has the capacity to grow and heal.",
    "Together we will explore what is getting in the way of the life you want.",
    "My style is collaborative, down to earth and sprinkled with humour.",
    "I draw on several modalities and tailor the work to each client.",
    "You are the expert on your own life; I am here to help you see it clearly.",
    "Reaching out is a brave first step, and I look forward to hearing from you.",
    "I value authenticity, curiosity and compassion in the therapy room.",
    "Healing happens in connection, and it starts with feeling understood.",
]
CLOSINGS = [
    "I see clients by video across the state and in person at my office.",
    "A free fifteen-minute call is a good way to see whether we are a fit.",
    "Outside the office I hike, bake bread and read too many mysteries.",
    "I have practised for many years and still learn from every client.",
    "Evening appointments are available on weekdays.",
]


def pick_specialties(rng: random.Random, core: list[str], size: int) -> list[str]:
    """Return a specialty list of the given size that starts from the core."""
    chosen = list(dict.fromkeys(core))
    others = [s for s in ALL_SPECIALTIES if s not in chosen]
    rng.shuffle(others)
    chosen += others[: max(0, size - len(chosen))]
    return chosen


def methods_sentence(approaches: list[str]) -> str:
    """Say which methods the therapist uses, in their words."""
    named = [METHOD_WORDS[a] for a in approaches if a in METHOD_WORDS][:2]
    if not named:
        return ""
    return f"I am trained in {' and '.join(named)}."


def focused_bio(rng: random.Random, focus: list[str], approaches: list[str]) -> str:
    """Write a bio devoted to one or two concerns."""
    parts = [rng.choice(CONCERNS[c]["lead"]) for c in focus]
    parts.append(rng.choice(CONCERNS[focus[0]]["how"]))
    parts += [methods_sentence(approaches), rng.choice(CLOSINGS)]
    return " ".join(p for p in parts if p)


def generalist_bio(rng: random.Random, specialties: list[str]) -> str:
    """Write a generalist's bio that names a few listed concerns in passing."""
    named = [LIST_PHRASES[s] for s in specialties if s in LIST_PHRASES]
    rng.shuffle(named)
    named = named[: rng.randint(3, 6)]
    listed = ", ".join(named[:-1]) + f" and {named[-1]}"
    parts = [rng.choice(GENERALIST_OPENINGS), f"I often help with {listed}."]
    parts += rng.sample(VAGUE, 2) + [rng.choice(CLOSINGS)]
    return " ".join(parts)


def vague_bio(rng: random.Random) -> str:
    """Write a bio that names no concern at all."""
    return " ".join(rng.sample(VAGUE, rng.randint(1, 4)))


def choose_focus(rng: random.Random, kind: str) -> list[str]:
    """Pick the concern(s) a focused profile is devoted to."""
    weighted = [c for c in CONCERNS for _ in range(3 if c == "trauma" else 1)]
    weighted += ["anxiety", "depression", "insomnia", "ocd", "grief", "perinatal"] * 2
    weighted += ["eating_disorders", "adhd", "relationships", "trauma"]
    first = rng.choice(weighted)
    if kind != "duo":
        return [first]
    second = [n for n in NEIGHBOURS[first] if n in CONCERNS] or [first]
    return [first, rng.choice(second)]


KINDS = [("devoted", 25), ("duo", 14), ("devoted_broad", 9), ("box_ticker", 25),
         ("moderate", 16), ("vague", 11)]  # fmt: skip


def content(rng: random.Random, kind: str) -> dict[str, object]:
    """Draw the specialties, approaches, bio and top specialties of one profile."""
    if kind in ("box_ticker", "moderate", "vague"):
        size = {"box_ticker": (22, 30), "moderate": (8, 15), "vague": (3, 12)}[kind]
        specialties = pick_specialties(rng, [], rng.randint(*size))
        approaches = rng.sample(GENERAL_METHODS, rng.randint(3, 9))
        approaches += rng.sample(["cbt", "dbt", "act", "emdr"], rng.randint(0, 2))
        bio = vague_bio(rng) if kind == "vague" else generalist_bio(rng, specialties)
        return {"specialties": specialties, "approaches": approaches, "bio": bio}
    focus = choose_focus(rng, kind)
    core = focus + NEIGHBOURS[focus[0]][: rng.randint(1, 3)]
    size = rng.randint(20, 28) if kind == "devoted_broad" else rng.randint(3, 8)
    specialties = pick_specialties(rng, core, max(size, len(core)))
    fitting = [m for c in focus for m in METHODS[c]]
    approaches = rng.sample(fitting, min(len(fitting), rng.randint(1, 2)))
    if rng.random() < 0.2:  # devoted, but without a method that fits the problem
        approaches = rng.sample(GENERAL_METHODS, 2)
    approaches += rng.sample(GENERAL_METHODS, rng.randint(0, 2))
    profile = {
        "specialties": specialties,
        "approaches": list(dict.fromkeys(approaches)),
        "bio": focused_bio(rng, focus, approaches),
    }
    if rng.random() < 0.4:
        profile["top_specialties"] = list(dict.fromkeys(core))[:3]
    return profile


def populations(rng: random.Random, specialties: list[str]) -> list[str]:
    """Return who the therapist sees; child-focused concerns add the young."""
    out = ["adults"]
    young = {"adhd", "autism", "parenting", "eating_disorders", "behavioral_issues"}
    if young & set(specialties[:3]) or rng.random() < 0.3:
        out = ["adolescents", *out]
    if {"adhd", "autism", "parenting"} & set(specialties[:3]) and rng.random() < 0.7:
        out = ["children", *out]
    if rng.random() < 0.2:
        out.append("older_adults")
    return out


def formats(rng: random.Random, specialties: list[str]) -> list[str]:
    """Return the session formats; couples work is offered by its specialists."""
    out = ["individual"]
    if "relationships" in specialties[:3] or rng.random() < 0.2:
        out.append("couples")
    if {"family_conflict", "parenting"} & set(specialties) and rng.random() < 0.5:
        out.append("family")
    return out


def profile(rng: random.Random, state: str, number: int) -> dict[str, object]:
    """Write one fictional profile of the given state."""
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, postal = rng.choice(CITIES[state])
    in_person = rng.random() < 0.6
    body = content(rng, kind)
    record: dict[str, object] = {
        "id": f"{state.lower()}-f{number:03d}",
        "name": f"{first} {last}",
        "credentials": rng.sample(CREDENTIALS, rng.choice([1, 1, 2])),
        "license_states": [state],
        "city": city,
        "state": state,
        "postal_code": postal,
        "in_person": in_person,
        "telehealth": (not in_person) or rng.random() < 0.8,
        "accepting_new_clients": rng.random() < 0.92,
        "gender": rng.choice(["woman", "woman", "woman", "man", "nonbinary"]),
        "languages": ["English"] + (["Spanish"] if rng.random() < 0.1 else []),
        "lgbtq_affirming": rng.random() < 0.6
        or "lgbtq_issues" in body["specialties"][:2],
        "populations": populations(rng, body["specialties"]),
        "session_formats": formats(rng, body["specialties"]),
        "fee": rng.choice([110, 125, 140, 150, 160, 175, 190, 200]),
        "sliding_scale": rng.random() < 0.3,
        "years_experience": rng.randint(1, 32),
        "email": f"{first.lower()}.{last.lower()}@example.org",
        "updated_at": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        **body,
    }
    if rng.random() < 0.1:  # a few directories publish a stated style
        record["style_directiveness"] = rng.randint(-3, 3)
    return record


def build() -> list[dict[str, object]]:
    """Return every profile of the evaluation directory, in a fixed order."""
    rng = random.Random(SEED)
    return [
        profile(rng, state, number)
        for state, count in STATES.items()
        for number in range(1, count + 1)
    ]


def main() -> int:
    """Write profiles.jsonl next to this script."""
    lines = [json.dumps(p, ensure_ascii=False) for p in build()]
    (HERE / "profiles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} profiles to {HERE / 'profiles.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
