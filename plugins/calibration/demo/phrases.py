"""Word and phrase banks the synthetic org is assembled from (data only, no logic).

Templates use ``str.format`` slots filled by :mod:`calibration.demo.text`:
``{system}``, ``{project}``, ``{n}``, ``{teams}``, ``{weeks}``, ``{metric}``,
``{before}``, ``{after}``, ``{month}``, ``{peer}``, ``{scope}``. Nothing here names
a level, dimension or rating: those always come from the rubric.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    """
    Aaliyah Abebe Adaeze Aditi Adrian Agnes Ahmed Aiko Alejandro Alina Amani Amir Anders
    Anja Annika Anton Arash Astrid Ayodele Beatriz Bilal Bongani Bruno Camila Carmen Chen
    Chidi Clara Dalia Dana Darius Dmitri Dong Eero Efua Eliska Emeka Emil Esra Farah Femi
    Filip Gabriel Gita Goran Hana Hamza Helga Hugo Ifeoma Ilse Imran Inés Irina Ivan Jamal
    Jana Javier Jin Joanna Jorge Kaito Kamala Karin Kenji Khadija Kirra Lars Layla Leila Lin
    Lorenzo Lucas Mads Malik Mariam Marta Matteo Mehmet Mira Moana Nadine Naveen Nia Nikolai
    Nils Nkechi Oskar Paulo Petra Pooja Quentin Rahel Rania Reza Rhea Rohan Rosa Ruth Saanvi
    Salma Santiago Selin Shira Sipho Sven Tamar Tariq Thandiwe Theo Tomás Uma Valentina
    Vikram Wanjiru Xavier Yara Yusra Zainab Zoran
    """
)

LAST_NAMES = _words(
    """
    Abara Achterberg Adeyemi Agarwal Ahn Alves Andersen Aoki Arslan Bakker Banda Barros
    Bergström Bhatt Bianchi Blom Boateng Brennan Castillo Cerny Chaudhry Cohen Costa Dahl
    Delgado Diallo Dimitrov Dubois Duarte Eriksen Esposito Farouk Ferreira Fischer Fujita
    Gallo Garcia Gashi Grant Gupta Haddad Halvorsen Hashemi Herrera Horvat Ibrahim Iyer
    Jansen Jovanovic Kamau Kaplan Kariuki Kaur Kim Kowalski Kruger Lam Larsen Lehmann
    Lindholm Lopez Lund Mahlangu Marin Martins Mendes Moreau Murray Nair Nakamura Navarro
    Ndlovu Nguyen Novak Nowicki Obi Okafor Oliveira Osei Ozturk Park Pereira Petrov Popescu
    Quinn Rahman Ramos Rao Reyes Rossi Sahin Santos Sato Schmidt Sharma Silva Sokolova
    Suzuki Takahashi Tan Tembo Torres Tran Umarov Vargas Veldhuis Virtanen Vogel Wagner
    Walsh Wang Weber Wiśniewski Yamamoto Yilmaz Yoon Zhang Zhou Zubiri Zwane
    """
)

AREAS = _words(
    """
    checkout payments ledger billing search discovery catalog pricing identity accounts
    onboarding growth messaging notifications mobile web platform runtime deploy
    observability storage data warehouse streaming fraud risk support partners ads maps
    media trust compliance tax inventory shipping returns loyalty experiments security
    """
)

TEAM_KINDS = _words(
    """
    core api apps infra insights tooling reliability foundations experience services
    pipelines integrations quality edge clients ops
    """
)

GROUP_NAMES = (
    "Commerce",
    "Money movement",
    "Customer",
    "Marketplace",
    "Infrastructure",
    "Data",
    "Trust and safety",
    "Logistics",
    "Developer productivity",
    "Growth",
    "Media",
    "Enterprise",
)

SYSTEMS = (
    "the checkout service",
    "the search indexer",
    "the billing ledger",
    "the mobile release train",
    "the event pipeline",
    "the feature-flag service",
    "the deploy pipeline",
    "the notification fan-out",
    "the identity service",
    "the warehouse loaders",
    "the pricing engine",
    "the support console",
    "the image resizer",
    "the API gateway",
    "the fraud scoring job",
    "the onboarding flow",
    "the retention jobs",
    "the metrics backend",
    "the reconciliation job",
    "the recommendations API",
    "the tax calculator",
    "the shipping-label service",
    "the session store",
    "the webhook dispatcher",
    "the ranking model server",
    "the partner import jobs",
    "the CI runners",
    "the schema registry",
)

PROJECT_KINDS = (
    "migration",
    "rewrite",
    "sharding",
    "cost review",
    "latency work",
    "launch",
    "v2",
    "consolidation",
    "self-serve tooling",
    "reliability push",
    "decommission",
    "redesign",
)

MONTHS_NOTE = ("early in the half", "mid-half", "before the freeze", "ahead of the launch date")

# (metric, unit, lower-is-better, low bound, high bound)
METRICS = (
    ("p95 latency", " ms", True, 120, 1400),
    ("weekly pages", "", True, 2, 40),
    ("build time", " minutes", True, 4, 45),
    ("error rate", "%", True, 1, 9),
    ("monthly compute cost", "k USD", True, 20, 240),
    ("checkout conversion", "%", False, 40, 80),
    ("time to first deploy for new hires", " days", True, 2, 20),
    ("support tickets a week", "", True, 15, 300),
    ("flaky test share", "%", True, 2, 25),
    ("crash-free sessions", "%", False, 91, 99),
    ("self-serve queries a week", "", False, 50, 900),
    ("release frequency (per week)", "", False, 1, 12),
)

SCOPE_NOUNS = ("teams", "services", "engineers", "customers", "merchants", "regions", "pipelines")

STRONG_DELIVERY = (
    "I owned {project} end to end: wrote the plan, split it into {n} reviewable milestones "
    "and shipped the last one {month} with no rollback.",
    "I led the move of {system} to the new cluster across {teams} teams, sequencing the work "
    "so nobody waited on anyone else; it finished {weeks} weeks after kick-off, as planned.",
    "I re-planned {project} early when the vendor API changed, cut two low-value features "
    "with product, and still landed the launch on the agreed date.",
    "I took {project} from a one-paragraph brief to general availability, including the "
    "rollout plan, the alerts and the runbook.",
    "I broke the stalled {project} into {n} independent changes, landed them in {weeks} weeks "
    "and closed the tracking epic that had been open for a year.",
)

WEAK_DELIVERY = (
    "Worked on {system} improvements during the half.",
    "We shipped {project} and a number of follow-ups.",
    "Helped with the {project} rollout.",
    "Was responsible for several tickets on {system}.",
    "Built the admin page for {system}.",
)

STRONG_OUTCOME = (
    "I found that {system} retried every failed call three times and built the back-off "
    "policy that replaced it; {metric} went from {before} to {after} within {weeks} weeks.",
    "I moved {system} to batched writes without being asked; {metric} went from {before} "
    "to {after} for {n} {scope}.",
    "I identified and drove the clean-up of {system}: {metric} moved from {before} to "
    "{after}, and the change is now the default for {teams} teams.",
    "I measured {metric} before and after {project}: {before} before, {after} after, "
    "holding for {weeks} weeks since.",
)

WEAK_OUTCOME = (
    "Improved the performance of {system}.",
    "Contributed to better reliability of {system}.",
    "We reduced costs on {system} this half.",
    "Enhanced {project} for our users.",
    "Launched {project}, which users liked.",
)

STRONG_MULTIPLIER = (
    "I mentored {n} engineers through their first on-call rotations on {system}; both now "
    "handle its pages without escalating.",
    "I wrote the design-review checklist for {system}, which {teams} teams now use by default.",
    "I reviewed {n} design documents from other teams and caught a data-loss case in "
    "{peer}'s proposal before it shipped.",
    "I paired with {peer} for {weeks} weeks on {project}; {peer} now owns that area alone.",
    "I set up weekly office hours for {system}; repeat questions in the team channel "
    "halved within {weeks} weeks.",
)

CASE_STATEMENTS = (
    "I identified and drove the fix for {system} across {teams} teams without being asked; "
    "{metric} went from {before} to {after}.",
    "I owned {project} end to end across {teams} teams: {metric} went from {before} to "
    "{after}, and other teams now use the same approach.",
    "Without being asked, I found why {metric} on {system} had drifted and fixed it: it went "
    "from {before} to {after} for {n} {scope}, and {teams} teams adopted the fix.",
)

WEAK_MULTIPLIER = (
    "Supported teammates with code reviews.",
    "Participated in design discussions.",
    "Was involved in interviewing.",
    "Helped new joiners get started.",
    "Collaborated on the team's documentation.",
)

FOLLOW_UPS = (
    "The runbook is linked from the on-call dashboard.",
    "Three other teams asked for the same change afterwards.",
    "Nobody had to redo any of it after launch.",
    "It needed two rounds of review with security before it could ship.",
    "The numbers come from the team dashboard, captured the week it landed.",
    "Product signed off on the trade-offs in writing.",
)

INVISIBLE_KINDS = (
    "on-call",
    "incident",
    "mentoring",
    "docs",
    "design-review",
    "code-review",
    "hiring",
)

INVISIBLE_ITEMS = (
    "Took two extra on-call weeks when a teammate was out, and closed {n} stale alerts on the way.",
    "Ran the incident review for the {month} outage and wrote up the follow-ups nobody owned.",
    "Met {peer} weekly to review their designs; {peer} is now reviewing others' designs.",
    "Rewrote the setup guide for {system} after watching {n} new hires get stuck on it.",
    "Spent most Fridays on reviews for {system}, the team with the longest review queue.",
    "Sat on {n} interview loops and rewrote the take-home exercise.",
)

INVISIBLE_ANSWERS = (
    "Covered on-call for two teammates during the holidays.",
    "Answered most questions about {system} in the shared channel.",
    "Kept the {system} runbook current after every incident.",
    "Onboarded {n} new joiners to the team's services.",
    "Untangled the ownership of {system} between two teams.",
    "none",
)

UNCERTAINTIES = (
    "I saw little of the cross-team work directly; the peer observations carry most of "
    "the leverage case.",
    "Unsure whether the {metric} result holds once traffic returns to normal after the holidays.",
    "Not sure the {project} scope is above the level or just large: the room should test it.",
    "The delivery record is strong but the impact numbers are still a week short of a full month.",
    "I cannot tell yet whether the mentoring is a pattern or one good quarter.",
    "The project was handed over mid-half, so part of the result belongs to the previous owner.",
)

OBSERVATIONS_STRONG = (
    "{first} paired with me on {system} for two weeks; I now run its deploys alone.",
    "{first}'s review of our {system} design caught a data-loss case we had missed.",
    "Our team adopted {first}'s migration script for {system} unchanged; it saved us "
    "about {weeks} weeks.",
    "{first} noticed the {metric} regression before any alert fired and fixed it the same day.",
    "In the {month} incident {first} coordinated three teams calmly and wrote the timeline.",
)

OBSERVATION_DETAILS = (
    "I would not have found the problem on my own.",
    "We still use the checklist that came out of it.",
    "It changed how our team plans releases.",
    "That saved our team most of a sprint.",
    "Nobody asked {first} to do it.",
)

OBSERVATIONS_WEAK = (
    "Solid teammate.",
    "{first} is always helpful.",
    "Good reviewer.",
    "Easy to work with.",
    "{first} knows {system} well.",
)

SELF_ASSESSMENTS = (
    "I am proudest of {project}; next half I want to lead something that spans more than one team.",
    "The half went well on delivery; I want more measurable outcomes next time.",
    "I spent more time on reviews and on-call than planned, and I think it was the right call.",
)

GAPS = (
    "Has led one cross-team project; a second one would show a pattern rather than a single win.",
    "Needs to set direction others adopt, not only execute it well.",
    "The mentoring is real but recent; the room should see it hold for another half.",
    "Impact is measured inside the team; nothing yet changes outcomes for other teams.",
)

RATIONALE_DOWN = (
    "Moved down: the case listed what was shipped but not what changed, and no other manager "
    "could separate it from the typical rating at this level.",
    "Moved down: the only above-level example was a single win; the room asked for a pattern.",
    "Moved down: the numbers quoted were team-wide and the engineer's own role stayed unclear.",
)

RATIONALE_UP = (
    "Moved up: the invisible-work question brought out incident and mentoring work that peers "
    "from two teams confirmed.",
    "Moved up: peers described scope well beyond the team, with numbers the room checked.",
)

DECISION_RATIONALES = {
    "approved": "Three separate above-level examples with measured outcomes; peers confirmed "
    "the scope.",
    "deferred": "One strong project, not yet a pattern; revisit after the next cross-team piece.",
    "declined": "Strong work at the current level, but nothing yet adopted beyond the team.",
}

OUTLIER_EXPLANATIONS = (
    "Proposed most of the team at the high end; the room moved the cases that named outputs "
    "without outcomes and asked for before-and-after figures next cycle.",
    "The team's ratings ran high; two cases held on their numbers, the rest were moved.",
)

HARSH_EXPLANATIONS = (
    "Rated the team lower than peers did; the room compared the evidence side by side and "
    "raised the cases that held, and the manager agreed to recalibrate next cycle.",
)

LINK_HOSTS = ("git.example.com", "docs.example.com", "dashboards.example.com")
