"""The client side of the demo generator: how often requests ask for what, and
the phrases clients use."""

# ------------------------------------------------------------------- requests
REQUEST_KIND_P = {"minimal": 0.25, "typical": 0.45, "rich": 0.30}
CLIENT_P = {"adults": 0.74, "couple": 0.07, "adolescents": 0.08, "children": 0.06,
            "older_adults": 0.05}  # fmt: skip
CLIENT_CONCERNS = {
    "adults": {
        "anxiety": 30, "depression": 25, "trauma": 14, "relationships": 10,
        "stress": 12, "self_esteem": 7, "grief": 6, "life_transitions": 6,
        "family_conflict": 4, "adhd": 5, "ocd": 4, "parenting": 4, "addiction": 4,
        "insomnia": 4, "anger": 3, "eating_disorders": 3, "lgbtq_issues": 3,
        "bipolar": 2, "career": 3, "chronic_illness": 2, "perinatal": 2,
        "personality_disorders": 1.5, "self_harm": 1, "suicidal_thoughts": 1,
        "racial_identity": 2, "spirituality": 1, "sexual_abuse": 2,
        "domestic_violence": 1.5, "autism": 1.5, "psychosis": 0.5,
    },
    "couple": {"parenting": 3, "family_conflict": 2, "anger": 2, "addiction": 1,
               "grief": 1, "stress": 2},
    "children": {"adhd": 30, "anxiety": 25, "autism": 15, "family_conflict": 10,
                 "anger": 10, "trauma": 5, "grief": 5},
    "adolescents": {"anxiety": 25, "depression": 20, "self_esteem": 12, "adhd": 10,
                    "self_harm": 8, "eating_disorders": 7, "family_conflict": 7,
                    "lgbtq_issues": 6, "trauma": 5},
    "older_adults": {"grief": 25, "depression": 20, "anxiety": 15,
                     "chronic_illness": 15, "life_transitions": 15, "insomnia": 5,
                     "relationships": 5},
}  # fmt: skip
CONCERN_COUNT_P = (0.45, 0.40, 0.15)
# Probability that a (typical, rich) request states each preference.
REQUEST_FIELD_P = {
    "location": (0.55, 0.90), "concerns_text": (0.45, 0.80), "approaches": (0.15, 0.45),
    "session_format": (0.15, 0.40), "age_group": (0.20, 0.50), "style": (0.15, 0.50),
    "gender": (0.25, 0.50), "ethnicity": (0.06, 0.20), "faith": (0.04, 0.15),
    "lgbtq_affirming": (0.08, 0.25), "languages": (0.06, 0.15),
    "insurance": (0.30, 0.45), "max_fee": (0.12, 0.30), "availability": (0.15, 0.45),
    "include_not_accepting": (0.02, 0.06), "limit": (0.30, 0.50),
}  # fmt: skip
IMPORTANCE_P = {"low": 0.25, "medium": 0.42, "high": 0.27, "must": 0.06}
LANGUAGE_IMPORTANCE_P = {"low": 0.05, "medium": 0.20, "high": 0.35, "must": 0.40}
LGBTQ_IMPORTANCE_P = {"low": 0.10, "medium": 0.30, "high": 0.40, "must": 0.20}
FORMAT_P = {"in_person": 0.40, "telehealth": 0.30, "either": 0.30}
DISTANCE_KM_P = {5: 0.05, 10: 0.15, 15: 0.12, 20: 0.15, 25: 0.15, 30: 0.12,
                 40: 0.10, 50: 0.08, 80: 0.08}  # fmt: skip
GENDER_WISH_P = {("woman",): 0.50, ("man",): 0.20, ("woman", "nonbinary"): 0.15,
                 ("nonbinary",): 0.07, ("man", "nonbinary"): 0.08}  # fmt: skip
ETHNICITY_WISH_P = {"black": 0.30, "hispanic_latino": 0.25, "asian": 0.20,
                    "south_asian": 0.07, "middle_eastern_north_african": 0.06,
                    "white": 0.07, "multiracial": 0.05}  # fmt: skip
FAITH_WISH_P = {"christian": 0.35, "jewish": 0.15, "muslim": 0.20, "catholic": 0.10,
                "buddhist": 0.07, "hindu": 0.05, "secular": 0.08}  # fmt: skip
INSURANCE_WISH_P = {
    "Blue Cross Blue Shield": 25, "Aetna": 15, "Cigna": 13, "UnitedHealthcare": 13,
    "Medicaid": 12, "Medicare": 6, "Optum": 5, "Kaiser Permanente": 10,
    "Tricare": 2, "Humana": 2, "Magellan": 2,
}  # fmt: skip
AVAILABILITY_WISH_P = {("evenings",): 0.45, ("weekends",): 0.15,
                       ("evenings", "weekends"): 0.15, ("weekdays",): 0.25}  # fmt: skip
STYLE_WISH_MEAN = (0.5, 0.0, -0.5, -0.5)
LIMITS = (5, 8, 10, 10, 12, 15, 20)
# What clients write, in their own words.
CLIENT_PHRASES = {
    "anxiety": ("I worry about everything and can't turn my mind off",
                "I get panic attacks, sometimes in the middle of work",
                "my anxiety makes it hard to leave the house"),
    "depression": ("I've felt down and empty for months",
                   "I have no energy and stopped enjoying things I used to love",
                   "I feel hopeless most days"),
    "trauma": ("something bad happened a few years ago and I still have nightmares "
               "and flashbacks", "I was in a car accident and I'm still on edge",
               "I think I have PTSD from my childhood"),
    "ocd": ("I have intrusive thoughts and I check things over and over",
            "I can't stop washing my hands and it takes hours every day",
            "I get stuck in rituals until things feel just right"),
    "adhd": ("I can't focus at work and I'm always late and disorganized",
             "I think I might have ADHD"),
    "bipolar": ("I have bipolar disorder and my mood swings are wrecking my life",
                "I go from really high to really low"),
    "grief": ("my mom died last year and I can't get past it",
              "I lost my partner and feel lost",
              "I'm grieving and nobody seems to understand"),
    "relationships": ("my partner and I fight all the time",
                      "we keep having the same argument and feel disconnected",
                      "I'm not sure whether to stay in my relationship"),
    "family_conflict": ("there is constant conflict at home",
                        "my family doesn't talk to each other anymore"),
    "parenting": ("I'm struggling as a parent and yelling more than I want to",
                  "I don't know how to handle my teenager"),
    "addiction": ("I'm drinking too much and want to cut back",
                  "I've been using drugs to cope and want to stop"),
    "eating_disorders": ("I restrict food and obsess about my body",
                         "I binge eat and then feel awful about it"),
    "self_esteem": ("I'm really hard on myself and never feel good enough",
                    "I compare myself to everyone and always come up short"),
    "stress": ("work stress is burning me out", "I feel overwhelmed all the time"),
    "anger": ("I lose my temper and say things I regret",
              "I get angry fast and it scares my family"),
    "insomnia": ("I can't sleep and lie awake for hours",
                 "I wake up at 3am with my mind racing"),
    "lgbtq_issues": ("I'm figuring out my gender identity",
                     "I'm gay and thinking about coming out to my family"),
    "life_transitions": ("I just moved to a new city and feel lost",
                         "I'm going through a divorce and everything is changing",
                         "I retired and don't know what to do with myself"),
    "chronic_illness": ("I live with chronic pain and it's getting me down",
                        "I was diagnosed with a chronic illness and I'm struggling "
                        "to cope"),
    "personality_disorders": ("I was told I might have borderline personality "
                              "disorder", "my emotions swing fast and my "
                              "relationships keep falling apart"),
    "psychosis": ("sometimes I hear voices and it frightens me",
                  "I had a psychotic episode and want support"),
    "self_harm": ("I've been cutting myself when things get bad",
                  "I hurt myself to cope"),
    "suicidal_thoughts": ("sometimes I think everyone would be better off without me",
                          "I've been having thoughts of ending my life"),
    "career": ("I hate my job and don't know what to do next",
               "I'm stuck in my career and it's affecting my mood"),
    "perinatal": ("since the baby was born I feel anxious and not like myself",
                  "I'm pregnant and very anxious"),
    "racial_identity": ("I'm dealing with racism at work and it's wearing me down",
                        "I want to talk with someone who understands my cultural "
                        "background"),
    "spirituality": ("I'm questioning my faith",
                     "I want therapy that respects my religious beliefs"),
    "sexual_abuse": ("I was sexually assaulted and I'm still struggling",
                     "I was abused as a child and it still affects me"),
    "domestic_violence": ("my partner hurts me and I'm scared",
                          "I left an abusive relationship and I'm trying to heal"),
    "autism": ("I think I'm autistic and want to understand myself better",
               "I was diagnosed with autism as an adult"),
}  # fmt: skip
# Parents writing about a child.
CHILD_PHRASES = {
    "adhd": ("my son can't sit still and is struggling at school",
             "my 9-year-old can't focus in class and the teacher thinks it's ADHD"),
    "anxiety": ("my daughter is anxious and refuses to go to school",
                "my child worries constantly and has stomach aches every morning"),
    "autism": ("my daughter is autistic and we need support at home",
               "we think our son may be on the autism spectrum"),
    "family_conflict": ("our home is full of arguments and the kids are caught in "
                        "the middle",),
    "anger": ("my son has huge meltdowns and hits his sister",),
    "trauma": ("my child saw something scary and has nightmares since",),
    "grief": ("my kids lost their grandfather and are having a hard time",),
}  # fmt: skip
COUPLE_PHRASES = (
    "my partner and I keep having the same fights",
    "we feel more like roommates than a couple",
    "we want to rebuild trust after an affair",
)
WISH_PHRASES = (
    "I'd like someone practical who can give me tools to use.",
    "I want someone warm who will listen before giving advice.",
    "I'm looking for someone who understands my culture.",
    "I need evening sessions because of work.",
    "I've tried therapy before and it didn't click.",
    "I'd like to understand why I keep repeating the same patterns.",
)
