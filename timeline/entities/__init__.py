"""Who, where and how many: actors, places and casualty figures in conflict news.

`EntityTagger` (`tagger`) finds every actor and place mention of a document in one pass over the
whole text (so a surname later in the article resolves to the person introduced earlier), from
four sources:

1. **The gazetteer** (`timeline.gazetteer`): every name, alias, demonym, capital and metonym,
   compiled once into a trie-shaped regex. Matching is case-sensitive (so the pronoun "us" is
   never the United States) and on word boundaries; the longest name wins ("Nagorno-Karabakh"
   over "Karabakh", "US State Department" over "US").
2. **Derived names**: a country word before a force noun is an armed force ("Azeri troops",
   "Azerbaijani armed forces" → actor "Azerbaijani forces", kind armed_force, country
   Azerbaijan; "Russian peacekeepers" → "Russian peacekeepers"), named with the country's first
   demonym. The words become that one actor, not also a country mention. In "Azeri and Armenian
   forces" both adjectives are forces. A country word before a ministry ("Armenian Defense
   Ministry", "Russia's Ministry of Defence") is the organization "<Adjective> <X> Ministry".
3. **People beyond the gazetteer** (`people`): 2–4 capitalised words (particles
   von/der/al-/bin/de/van... allowed) introduced by a title ("Armenian Prime Minister Nikol
   Pashinyan", "spokesman Ned Price", "General X Y") or an attribution ("said Laurence Broers",
   "Florence Parmentier, secretary general of ...", "according to Jane Doe", "Sevak
   Khachatryan, who lives in Sotk", "Jane Doe said"). The title gives the role; a country word
   right before the title gives the country and is not a separate mention. Names with
   organisation or place words ("Center", "Ministry", "Moscow") are not people. The person's
   surname, and the full name, then resolve anywhere in the document.
4. **Context for ambiguous names**:
   - A capital is the country's government ("brokered by Moscow", "Washington would push") unless
     a locative precedes it — in, at, to, from, near, around, into, inside, outside, across, via,
     visited, "capital," "city of" — or it continues a list of places ("in Baku and Yerevan"):
     then it is the place ("the Azeri capital, Baku", "in London"). A capital directly followed by
     another capitalised word is part of a longer name ("Paris Institute") and is not tagged.
   - A country name after in/inside/within/into/across/throughout ("the war in Ukraine") is a
     place; otherwise (and always when possessive, "in Azerbaijan's favour") the country actor.
   - A demonym before a territorial noun ("the Armenian city of Gyumri", "Armenian territory")
     is the country as a place; otherwise the country actor ("Armenian positions").

`find_casualties` (`casualties`) reads casualty figures: a number (digits, "3,006", "2 million",
number words, or vague quantities) with an outcome. Conventions:

- count: vague quantities are conservative lower bounds, always approximate: "dozens" 24,
  "scores" 40, "hundreds" 200, "thousands" 2,000, "tens of thousands" 20,000, "hundreds of
  thousands" 200,000, "millions" 2,000,000, "several" 3 ("several hundred" 300), "a few" 3,
  "a dozen" 12. A range ("10-15 killed") counts its lower bound, approximately.
- approximate: a hedge before the number (nearly, almost, about, around, approximately, roughly,
  some, at least, more than, over, up to, an estimated, as many as, close to, fewer than, ...).
- outcome: killed (killed, slain, executed, "claimed the lives of", "killing", death toll),
  dead (dead, died, deaths, fatalities), wounded (wounded, injured, hurt), missing, captured
  (captured, taken prisoner/captive), abducted, detained (detained, arrested), displaced
  (displaced, fled, forced to flee, made homeless), evacuated, casualties.
- who: the country when one is evident — a demonym in the figure ("105 Armenian servicemen" →
  Armenia) or, for a bare figure or one "among its troops", the country that reports it
  ("Azerbaijan reported 50 dead among its troops" → Azerbaijan); else the group noun
  ("civilians", "soldiers"); None for "people" or no noun. A figure "including 100 civilians"
  inherits the outcome of the figure it qualifies.
- Not figures: numbers without an outcome ("30,000 troops were deployed"), measurements and
  percentages ("105 km", "5%"), years, times, and numbers inside names ("F-16", "COVID-19").

Modules: `tagger` (gazetteer matching, derived names, context), `people` (title and attribution
rules), `casualties` (figures), `candidates` (candidate spans and their priorities), `names`
(regex pieces for capitalised names) and `lexicon` (the word lists, which are data:
``timeline/data/people.toml`` and ``timeline/data/casualties.toml``).
"""

from timeline.entities.casualties import find_casualties
from timeline.entities.tagger import DocumentEntities, EntityTagger

__all__ = ["DocumentEntities", "EntityTagger", "find_casualties"]
