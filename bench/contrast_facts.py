"""Hand-written made-up facts for the contrastive suite (bench/make_contrast_suite.py).

Every company, town, person, product and study here is invented, so no model can know the answer from
pre-training: the label must come from the evidence. Each `Group` is one piece of evidence (1-4 passages) and
the claims judged against it; `swap` writes the common case of one true claim and its altered versions, where
only the value in the claim changes and the evidence stays the same. Hedging is the one category whose
alteration is on the evidence side: the same claim, once with settled and once with hedged evidence.

Labels follow strictly from the evidence: an altered number, date, name or place that contradicts a value the
evidence states as the only one is REFUTED; a statement about the same subject that the evidence does not
settle is NOT_ENOUGH_INFO.
"""

from __future__ import annotations

from dataclasses import dataclass

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"


@dataclass(frozen=True)
class Passage:
    text: str
    title: str | None = None


@dataclass(frozen=True)
class Group:
    category: str
    evidence: tuple[Passage, ...]
    claims: tuple[tuple[str, str], ...]  # (claim, label)


def group(category: str, evidence: str, *claims: tuple[str, str], title: str | None = None) -> Group:
    return Group(category, (Passage(evidence, title),), tuple(claims))


def swap(category: str, evidence: str, template: str, true: str, *altered: str, title: str | None = None) -> Group:
    """`template` filled with the evidence's value (SUPPORTED), then with each altered value (REFUTED)."""
    claims = [(template.format(true), S)] + [(template.format(value), R) for value in altered]
    return group(category, evidence, *claims, title=title)


# The example of issue 10: a four-document knowledge base about one firm, each claim judged against all four.
FIRM_KB = (
    Passage("Kestrel Pumpworks is a maker of industrial water pumps based in Aldersey. The company employs 420 "
            "staff.", "Kestrel Pumpworks: company profile"),
    Passage("Kestrel Pumpworks reported annual revenue of 86 million euros in its 2025 report.",
            "Kestrel Pumpworks annual report 2025"),
    Passage("Kestrel Pumpworks opened its new factory in Brenholt in March 2024.", "New factory in Brenholt"),
    Passage("Ilse Varga has led Kestrel Pumpworks as chief executive since 2016.", "Kestrel Pumpworks leadership"),
)
FIRM = [
    Group("numbers", FIRM_KB, (("Kestrel Pumpworks employs 420 people.", S),
                               ("Kestrel Pumpworks employs 950 people.", R))),
    Group("units", FIRM_KB, (("Kestrel Pumpworks has annual revenue of 86 million euros.", S),
                             ("Kestrel Pumpworks has annual revenue of 68 million euros.", R))),
    Group("dates", FIRM_KB, (("Kestrel Pumpworks' new factory opened in March 2024.", S),
                             ("Kestrel Pumpworks' new factory opened in March 2021.", R))),
]

NUMBERS = [
    swap("numbers", "Harrowgate Ferries runs 14 vessels between the islands of Colmere and Skeld. The company was "
         "set up in 1991.", "Harrowgate Ferries runs {} vessels.", "14", "41", title="Harrowgate Ferries"),
    swap("numbers", "The Duskwell Public Library holds 83,000 books and employs 19 librarians.",
         "The Duskwell Public Library employs {} librarians.", "19", "27"),
    swap("numbers", "Pellingham Primary School had 312 pupils enrolled in the 2025 school year.",
         "Pellingham Primary School had {} pupils enrolled in the 2025 school year.", "312", "213"),
    swap("numbers", "The Arvenne Choir has 56 members and performs four concerts a year.",
         "The Arvenne Choir has {} members.", "56", "65", title="Arvenne Choir"),
    swap("numbers", "Brisco Outfitters operates 23 shops across the county of Lendale.",
         "Brisco Outfitters operates {} shops in Lendale.", "23", "230"),
    swap("numbers", "The new Talmont stadium, opened last year, seats 18,500 spectators.",
         "The Talmont stadium seats {} spectators.", "18,500", "15,800", title="Talmont stadium"),
    swap("numbers", "In its first year the Quennel food bank served 2,140 families.",
         "The Quennel food bank served {} families in its first year.", "2,140", "4,120"),
    swap("numbers", "The Orsino Hotel in Vellport has 64 rooms and two restaurants.",
         "The Orsino Hotel in Vellport has {} rooms.", "64", "46"),
    swap("numbers", "A survey by the Marlow Institute questioned 1,200 farmers in the Serran valley about water use.",
         "The Marlow Institute survey questioned {} farmers.", "1,200", "12,000", title="Marlow Institute"),
    swap("numbers", "The village of Ashcombe-under-Lyne has 740 residents, according to the 2024 parish count.",
         "Ashcombe-under-Lyne has {} residents.", "740", "470"),
    swap("numbers", "The Kettering Vale Cycle Club organised nine races last season.",
         "The Kettering Vale Cycle Club organised {} races last season.", "nine", "seven"),
    swap("numbers", "Volunteers planted 3,600 oak saplings in Hembury Wood in 2024.",
         "Volunteers planted {} oak saplings in Hembury Wood in 2024.", "3,600", "6,300", title="Hembury Wood"),
]

UNITS = [
    swap("units", "The repair of the Calloway bridge will cost 12.4 million pounds, the county said.",
         "The Calloway bridge repair will cost {}.", "12.4 million pounds", "12.4 billion pounds"),
    swap("units", "The Sorrel Valley cycle path is 40 km long and links Tamsby with Oakhurst Green.",
         "The Sorrel Valley cycle path is {} long.", "40 km", "17.5 km", title="Sorrel Valley cycle path"),
    swap("units", "The Yarrow Creek reservoir holds 3.2 billion litres of water.",
         "The Yarrow Creek reservoir holds {} of water.", "3.2 billion litres", "3.2 million litres"),
    swap("units", "Linden Coffee Roasters sold 240 tonnes of coffee in 2025.",
         "Linden Coffee Roasters sold {} of coffee in 2025.", "240 tonnes", "24 tonnes"),
    swap("units", "Glassworks Ferrand paid a fine of 450,000 euros for the chemical spill at its Vaudrec site.",
         "Glassworks Ferrand paid a fine of {} for the spill.", "450,000 euros", "4.5 million euros",
         title="Glassworks Ferrand"),
    swap("units", "The Hollin Estate covers 1,300 hectares of moorland.",
         "The Hollin Estate covers {}.", "1,300 hectares", "1,300 acres"),
    swap("units", "Trains on the new Bexley Vale line will run at up to 160 km/h.",
         "Trains on the Bexley Vale line will run at up to {}.", "160 km/h", "160 mph", title="Bexley Vale line"),
    swap("units", "The Aubrey Foundation donated 2 million dollars to the Tillingham children's hospital.",
         "The Aubrey Foundation donated {} to the Tillingham children's hospital.", "2 million dollars",
         "20 million dollars"),
    swap("units", "The summit of Mount Carrow stands 2,310 metres above sea level.",
         "Mount Carrow is {} high.", "2,310 metres", "2,130 metres", title="Mount Carrow"),
    swap("units", "An adult ticket for the Pernwick ferry costs 7.50 euros.",
         "An adult ticket for the Pernwick ferry costs {}.", "7.50 euros", "75 euros"),
    swap("units", "The Gallin solar farm produces 48 megawatts at peak output.",
         "The Gallin solar farm produces {} at peak output.", "48 megawatts", "48 kilowatts",
         title="Gallin solar farm"),
    swap("units", "Ostley Brewery's flagship ale, Moor Lantern, has an alcohol content of 4.2 per cent.",
         "Moor Lantern ale has an alcohol content of {}.", "4.2 per cent", "6.8 per cent"),
]

DATES = [
    swap("dates", "The Corvel Library opened on 14 June 2019.", "The Corvel Library opened on {}.",
         "14 June 2019", "4 June 2019", title="Corvel Library"),
    swap("dates", "Marisol Teague founded the Teague Puppet Theatre in 1983.",
         "The Teague Puppet Theatre was founded in {}.", "1983", "1938"),
    swap("dates", "The Hensley Arts Festival is held every year in September.",
         "The Hensley Arts Festival is held every year in {}.", "September", "May", title="Hensley Arts Festival"),
    swap("dates", "The Wyndham tram line closed in October 2022 after 61 years of service.",
         "The Wyndham tram line closed in {}.", "October 2022", "October 2020"),
    swap("dates", "Dr Anneli Forsberg became director of the Skarhamn Marine Station in January 2021.",
         "Anneli Forsberg became director of the Skarhamn Marine Station in {}.", "January 2021", "June 2021"),
    swap("dates", "The first edition of the Lowmoor Gazette was printed on 2 March 1894.",
         "The first edition of the Lowmoor Gazette was printed on {}.", "2 March 1894", "2 May 1894",
         title="Lowmoor Gazette"),
    swap("dates", "The Brackenridge observatory was completed in 1911.",
         "The Brackenridge observatory was completed in {}.", "1911", "1921"),
    swap("dates", "Fenwick Dairy recalled its strawberry yoghurts on 30 November 2025.",
         "Fenwick Dairy recalled its strawberry yoghurts on {}.", "30 November 2025", "30 November 2024",
         title="Fenwick Dairy recall"),
    swap("dates", "Work on the Ellery footbridge began in spring 2023 and was finished in August 2024.",
         "The Ellery footbridge was finished in {}.", "August 2024", "August 2023"),
    swap("dates", "The Pinecroft marathon was first run in 1977.", "The Pinecroft marathon was first run in {}.",
         "1977", "1997", title="Pinecroft marathon"),
    swap("dates", "The Osterby health clinic opened its doors in April 2018.",
         "The Osterby health clinic opened in {}.", "April 2018", "April 2008"),
    swap("dates", "Singer Lorna Vasquez-Hale released her debut album, Quiet Harbour, in 2009.",
         "Lorna Vasquez-Hale released her debut album in {}.", "2009", "2011", title="Lorna Vasquez-Hale"),
]

NAMES = [
    swap("names", "Halvard Lindqvist has been chief executive of Ostrova Freight since 2019; Mira Sandoval chairs "
         "its board.", "The chief executive of Ostrova Freight is {}.", "Halvard Lindqvist", "Mira Sandoval",
         title="Ostrova Freight"),
    swap("names", "Perrin Achebe was elected mayor of Cladwick in 2024, defeating Tomasz Wren.",
         "{} was elected mayor of Cladwick in 2024.", "Perrin Achebe", "Tomasz Wren"),
    swap("names", "The Velmont Rovers are coached by Dana Oyelaran; their captain is Sid Kowal.",
         "The Velmont Rovers are coached by {}.", "Dana Oyelaran", "Sid Kowal", title="Velmont Rovers"),
    swap("names", "Glenmoor Bakeries was founded in 1962 by Agnes Pryor, its only founder.",
         "Glenmoor Bakeries was founded by {}.", "Agnes Pryor", "Walter Kemp"),
    swap("names", "The novel The Salt Orchard was written by Imogen Fairley and illustrated by Cass Dunmore.",
         "The Salt Orchard was written by {}.", "Imogen Fairley", "Cass Dunmore", title="The Salt Orchard"),
    swap("names", "Professor Leon Abara leads the soil research group of the Hartfield Institute.",
         "The Hartfield Institute's soil research group is led by {}.", "Leon Abara", "Nadia Kessel"),
    swap("names", "Ingrid Solberg is the head teacher of Marsh Lane Academy; her deputy is Owen Platt.",
         "The head teacher of Marsh Lane Academy is {}.", "Ingrid Solberg", "Owen Platt",
         title="Marsh Lane Academy"),
    swap("names", "Tavi Rourke won the 2025 Crossmere poetry prize; the runner-up was Elin Haddad.",
         "{} won the 2025 Crossmere poetry prize.", "Tavi Rourke", "Elin Haddad"),
    swap("names", "The principal conductor of the Pelham Orchestra is Yusuf Brandt.",
         "The principal conductor of the Pelham Orchestra is {}.", "Yusuf Brandt", "Clara Voss",
         title="Pelham Orchestra"),
    swap("names", "The Garnet Street tower was designed by the architect Sunniva Oduya, working alone; it was built "
         "for the developer Felix Marr.", "The Garnet Street tower was designed by {}.", "Sunniva Oduya",
         "Felix Marr"),
    swap("names", "Bertrand Okafor chairs the Westhollow water board, and Priya Lund is its treasurer.",
         "{} chairs the Westhollow water board.", "Bertrand Okafor", "Priya Lund", title="Westhollow water board"),
    swap("names", "The Thornbury Hawks' top scorer in 2025 was Marco Diaz-Rell, with 22 goals.",
         "The Thornbury Hawks' top scorer in 2025 was {}.", "Marco Diaz-Rell", "Kieran Loft"),
]

PLACES = [
    swap("places", "Quillon Bakeries is headquartered in Dranmoor, a market town in Wales.",
         "Quillon Bakeries is headquartered in {}.", "Dranmoor", "Ellisford", title="Quillon Bakeries"),
    swap("places", "The Arkwell Festival of Light takes place each winter in the harbour town of Saltmere.",
         "The Arkwell Festival of Light takes place in {}.", "Saltmere", "Greywater"),
    swap("places", "Brenmoor Tools makes all its garden shears at its only plant, in Kessingfield, Scotland.",
         "Brenmoor Tools makes its garden shears in {}.", "Scotland", "Ireland", title="Brenmoor Tools"),
    swap("places", "The painter Odile Marchetti was born in Lyon and died in Genoa.",
         "Odile Marchetti was born in {}.", "Lyon", "Genoa"),
    swap("places", "The Tarrow river rises in the Hesketh Hills and flows into the sea at Port Alvin.",
         "The Tarrow river flows into the sea at {}.", "Port Alvin", "Port Merrow", title="Tarrow (river)"),
    swap("places", "Cobalt Lane Software moved its head office from Leeds to Dublin in 2023.",
         "Since 2023 Cobalt Lane Software's head office has been in {}.", "Dublin", "Leeds"),
    swap("places", "The 2026 Northern Chess Open will be held in Tromsø.",
         "The 2026 Northern Chess Open will be held in {}.", "Tromsø", "Bergen", title="Northern Chess Open"),
    swap("places", "The Ferris Meadow nature reserve lies on the east bank of the river Calder.",
         "The Ferris Meadow nature reserve lies on the {} bank of the river Calder.", "east", "west"),
    swap("places", "Hallam Motors assembles its electric vans in Ostrava, in the Czech Republic.",
         "Hallam Motors assembles its electric vans in {}.", "the Czech Republic", "Slovakia", title="Hallam Motors"),
    swap("places", "The Winterbourne Trophy, a rowing race, is held every year on Lake Vessen.",
         "The Winterbourne Trophy is rowed on {}.", "Lake Vessen", "Lake Orla"),
    swap("places", "Dr Samir Haddou runs a rural clinic in the south of Morocco, near the town of Tafrant Oumlil.",
         "Samir Haddou's clinic is in {} Morocco.", "southern", "northern", title="Samir Haddou"),
    swap("places", "The Pemberton Collection of old maps is kept at the Dunbar Reading Room in Aberdeen.",
         "The Pemberton Collection of maps is kept in {}.", "Aberdeen", "Glasgow"),
]

COMPARISONS = [
    group("comparisons", "Visitor numbers at the Tallow Hill museum rose from 41,000 in 2022 to 58,000 in 2023.",
          ("Visitor numbers at the Tallow Hill museum rose in 2023.", S),
          ("Visitor numbers at the Tallow Hill museum fell in 2023.", R), title="Tallow Hill museum"),
    group("comparisons", "Sales of Hobart Ciders fell by 12 per cent in 2025 after a poor apple harvest.",
          ("Sales of Hobart Ciders fell in 2025.", S), ("Sales of Hobart Ciders rose in 2025.", R)),
    group("comparisons", "Lake Orvin covers 12 square kilometres, and the nearby Lake Pessa covers 7.",
          ("Lake Orvin is larger than Lake Pessa.", S), ("Lake Pessa is larger than Lake Orvin.", R),
          title="Lake Orvin"),
    group("comparisons", "The Dunmore bridge was completed in 1998, two years before the Dunmore tunnel opened.",
          ("The Dunmore bridge was completed before the Dunmore tunnel opened.", S),
          ("The Dunmore tunnel opened before the Dunmore bridge was completed.", R)),
    group("comparisons", "In 2025 the Carvell school district had 3,400 pupils, 200 more than in 2024.",
          ("The Carvell school district had more pupils in 2025 than in 2024.", S),
          ("The Carvell school district had fewer pupils in 2025 than in 2024.", R), title="Carvell school district"),
    group("comparisons", "Unemployment in the town of Redbrook dropped from 9.1 per cent to 6.4 per cent between "
          "2023 and 2025.", ("Unemployment in Redbrook decreased between 2023 and 2025.", S),
          ("Unemployment in Redbrook increased between 2023 and 2025.", R)),
    group("comparisons", "The Harker Tower, at 212 metres, is taller than the 180-metre Lisle Building.",
          ("The Lisle Building is shorter than the Harker Tower.", S),
          ("The Lisle Building is taller than the Harker Tower.", R), title="Harker Tower"),
    group("comparisons", "Trainee nurses at Fallowfield Hospital earn less than trainee midwives there.",
          ("Trainee midwives at Fallowfield Hospital earn more than trainee nurses there.", S),
          ("Trainee nurses at Fallowfield Hospital earn more than trainee midwives there.", R)),
    group("comparisons", "The price of a monthly pass on Grantley buses went up from 48 to 55 pounds in January.",
          ("The price of a monthly pass on Grantley buses increased in January.", S),
          ("The price of a monthly pass on Grantley buses was cut in January.", R), title="Grantley buses"),
    group("comparisons", "Membership of the Oldcastle rowing club has shrunk every year since 2020.",
          ("Membership of the Oldcastle rowing club has declined since 2020.", S),
          ("Membership of the Oldcastle rowing club has grown since 2020.", R)),
    group("comparisons", "The Eastmarch council election was held on 2 May, a week before the Westmarch vote.",
          ("The Westmarch vote was held after the Eastmarch council election.", S),
          ("The Westmarch vote was held before the Eastmarch council election.", R)),
    group("comparisons", "Fewer ships called at the port of Garrowby in 2025 (1,140) than in 2024 (1,390).",
          ("Fewer ships called at the port of Garrowby in 2025 than in 2024.", S),
          ("More ships called at the port of Garrowby in 2025 than in 2024.", R), title="Port of Garrowby"),
]

NEGATION = [
    # the evidence is positive: the altered claim adds a negation
    group("negation", "The Marrowby town council approved the plan for a new swimming pool in a vote on Tuesday.",
          ("The Marrowby town council approved the plan for a new swimming pool.", S),
          ("The Marrowby town council did not approve the plan for a new swimming pool.", R)),
    group("negation", "The pharmacist Jonas Egede was found guilty of fraud by the court in Kelby.",
          ("Jonas Egede was found guilty of fraud.", S), ("Jonas Egede was not found guilty of fraud.", R),
          title="Jonas Egede"),
    group("negation", "The Halden ferry runs on Sundays throughout the year.",
          ("The Halden ferry runs on Sundays.", S), ("The Halden ferry does not run on Sundays.", R)),
    group("negation", "The Ivel Valley railway was electrified in 2019.",
          ("The Ivel Valley railway has been electrified.", S),
          ("The Ivel Valley railway has never been electrified.", R), title="Ivel Valley railway"),
    group("negation", "Alder & Finch accepted the takeover offer from Rostam Holdings on Thursday.",
          ("Alder & Finch accepted the takeover offer from Rostam Holdings.", S),
          ("Alder & Finch did not accept the takeover offer from Rostam Holdings.", R)),
    group("negation", "The Brightwater Prize is open to writers of any nationality.",
          ("Writers of any nationality can enter the Brightwater Prize.", S),
          ("Writers from abroad cannot enter the Brightwater Prize.", R), title="Brightwater Prize"),
    # the evidence is negative: the altered claim removes the negation
    group("negation", "The Cresswell mine did not reopen after the flood of 2021.",
          ("The Cresswell mine did not reopen after the 2021 flood.", S),
          ("The Cresswell mine reopened after the 2021 flood.", R), title="Cresswell mine"),
    group("negation", "The singer Amara Quist has never performed in Japan.",
          ("Amara Quist has not performed in Japan.", S), ("Amara Quist has performed in Japan.", R)),
    group("negation", "The Tolland museum does not charge for entry.",
          ("The Tolland museum does not charge for entry.", S), ("The Tolland museum charges for entry.", R),
          title="Tolland museum"),
    group("negation", "Dr Rhea Calloway was not re-elected to the Ashwell medical board in 2024.",
          ("Rhea Calloway was not re-elected to the Ashwell medical board in 2024.", S),
          ("Rhea Calloway was re-elected to the Ashwell medical board in 2024.", R)),
    group("negation", "The Fenmarsh bypass was never built; the plan was dropped in 2015.",
          ("The Fenmarsh bypass was never built.", S), ("The Fenmarsh bypass was built.", R),
          title="Fenmarsh bypass"),
    group("negation", "Veltro Motors' new van does not run on diesel; it is fully electric.",
          ("Veltro Motors' new van does not run on diesel.", S), ("Veltro Motors' new van runs on diesel.", R)),
]

QUANTIFIERS = [
    group("quantifiers", "All 12 branches of the Greyfield Savings bank closed on Monday for the holiday.",
          ("All branches of Greyfield Savings closed on Monday.", S),
          ("None of the Greyfield Savings branches closed on Monday.", R),
          ("Most Greyfield Savings branches stayed open on Monday.", R), title="Greyfield Savings"),
    group("quantifiers", "None of the nine trains on the Corbin line ran during the strike.",
          ("No trains ran on the Corbin line during the strike.", S),
          ("All trains on the Corbin line ran during the strike.", R),
          ("Some trains on the Corbin line ran during the strike.", R)),
    group("quantifiers", "Seven of the 20 farms in the Ulverdale survey used pesticides.",
          ("Some of the farms in the Ulverdale survey used pesticides.", S),
          ("Most of the farms in the Ulverdale survey used pesticides.", R),
          ("None of the farms in the Ulverdale survey used pesticides.", R), title="Ulverdale farm survey"),
    group("quantifiers", "Of the 40 members of the Hexley council, 31 voted for the budget.",
          ("Most members of the Hexley council voted for the budget.", S),
          ("All members of the Hexley council voted for the budget.", R),
          ("Only a few members of the Hexley council voted for the budget.", R)),
    group("quantifiers", "Every one of the 150 patients in the Corrin trial finished the course of treatment.",
          ("All patients in the Corrin trial finished the treatment.", S),
          ("Some patients in the Corrin trial did not finish the treatment.", R),
          ("Most patients in the Corrin trial dropped out of the treatment.", R), title="Corrin trial"),
    group("quantifiers", "Two of the 30 flights from Ravensby airport on Friday were cancelled; the rest left on time.",
          ("Most flights from Ravensby airport on Friday left on time.", S),
          ("Most flights from Ravensby airport on Friday were cancelled.", R),
          ("No flights from Ravensby airport were cancelled on Friday.", R)),
    group("quantifiers", "None of the 14 restaurants inspected in Colbridge failed the hygiene check.",
          ("All the restaurants inspected in Colbridge passed the hygiene check.", S),
          ("Some restaurants inspected in Colbridge failed the hygiene check.", R),
          ("Most restaurants inspected in Colbridge failed the hygiene check.", R), title="Colbridge inspections"),
    group("quantifiers", "Only three of the 25 players in the Dunhaven squad were born outside the country.",
          ("Most players in the Dunhaven squad were born in the country.", S),
          ("Most players in the Dunhaven squad were born abroad.", R),
          ("All players in the Dunhaven squad were born in the country.", R)),
]


def hedged(claim: str, settled: str, hedge: str, title: str | None = None) -> list[Group]:
    """One claim, judged against settled evidence (SUPPORTED) and against hedged evidence (NOT_ENOUGH_INFO)."""
    return [Group("hedging", (Passage(settled, title),), ((claim, S),)),
            Group("hedging", (Passage(hedge, title),), ((claim, N),))]


HEDGING_CASES = [
    ("The Varrow dam was raised by 4 metres.",
     "Work to raise the Varrow dam by 4 metres was finished in 2024.",
     "The water authority said the Varrow dam may be raised by 4 metres in the coming years.", "Varrow dam"),
    ("Feltrozine lowers blood pressure.",
     "In a trial of 800 patients, Feltrozine lowered blood pressure compared with a placebo.",
     "Researchers at the Norrvik Institute are studying whether Feltrozine lowers blood pressure; no results have "
     "been published.", None),
    ("Castell Foods is closing its plant in Wexley.",
     "Castell Foods confirmed on Monday that it is closing its plant in Wexley.",
     "Reports that Castell Foods is closing its plant in Wexley have not been confirmed by the company.",
     "Castell Foods"),
    ("Otto Haverkamp resigned as mayor of Brindle.",
     "Otto Haverkamp resigned as mayor of Brindle on Friday.",
     "Otto Haverkamp, the mayor of Brindle, is considering whether to resign.", None),
    ("The Hensby oil spill killed fish in the Lorne estuary.",
     "Tests showed that the thousands of dead fish found in the Lorne estuary were killed by the Hensby oil spill.",
     "Officials said the Hensby oil spill might have killed fish in the Lorne estuary, but tests are not complete.",
     "Hensby oil spill"),
    ("Marten Airways will fly to Reykjavik from June.",
     "Marten Airways starts flights to Reykjavik in June; tickets are on sale now.",
     "Marten Airways could start flights to Reykjavik in June, its chief executive said, though no decision has "
     "been made.", None),
    ("The Selby coin hoard dates from the 3rd century.",
     "Experts have dated the Selby coin hoard to the 3rd century.",
     "The Selby coin hoard may date from the 3rd century; experts have not yet examined it.", "Selby hoard"),
    ("Drinking Kovra tea improves sleep.",
     "A controlled study of 1,200 adults found that drinking Kovra tea improved their sleep.",
     "Some drinkers say that Kovra tea improves their sleep; this has not been tested.", None),
    ("The painting at the Ryland Gallery is a genuine Hessler.",
     "Experts confirmed that the painting at the Ryland Gallery is a genuine Hessler.",
     "The Ryland Gallery says its painting is possibly a genuine Hessler; experts are still examining it.",
     "Ryland Gallery"),
    ("The Tamsin virus spreads through water.",
     "Tests by health officials found that the Tamsin virus spreads through water.",
     "Health officials are investigating whether the Tamsin virus spreads through water.", None),
    ("Gorsedd Mining found gold near Llanferch.",
     "Gorsedd Mining found gold near Llanferch after drilling there in 2025, the company announced.",
     "Gorsedd Mining believes there may be gold near Llanferch and plans to drill next year.", "Gorsedd Mining"),
    ("The Pryce Street fire was started deliberately.",
     "Police said the Pryce Street fire was started deliberately and charged a man with arson.",
     "Police have not ruled out that the Pryce Street fire was started deliberately; the cause has not been "
     "confirmed.", None),
]
HEDGING = [g for case in HEDGING_CASES for g in hedged(*case)]

SAME_TOPIC = [
    group("same_topic", "Brenmoor Tools, founded in 1987 in Kessingfield, makes garden shears and pruning saws.",
          ("Brenmoor Tools makes pruning saws.", S), ("Brenmoor Tools exports most of its shears to Germany.", N),
          title="Brenmoor Tools"),
    group("same_topic", "The Corrigan Theatre seats 640 people and reopened in 2021 after a fire.",
          ("The Corrigan Theatre reopened in 2021.", S),
          ("The Corrigan Theatre sold 640 tickets for its reopening night.", N)),
    group("same_topic", "Elsa Martensson is the goalkeeper of the Ravndal women's football team, which won the "
          "league in 2024.", ("The Ravndal women's football team won the league in 2024.", S),
          ("Elsa Martensson has played for the national team.", N), title="Ravndal women's football team"),
    group("same_topic", "The Pollard Prize, worth 20,000 pounds, is awarded each year for a first novel.",
          ("The Pollard Prize is awarded for first novels.", S), ("The Pollard Prize is funded by a bank.", N)),
    group("same_topic", "The winery Hollis & Shaw grows grapes on 40 hectares near Ambridge Cross and sells its "
          "wine in 12 countries.", ("Hollis & Shaw sells its wine in 12 countries.", S),
          ("Hollis & Shaw's wine won a gold medal in 2025.", N), title="Hollis & Shaw"),
    group("same_topic", "The Nettlebed swimming baths, built in 1934, have a 25-metre pool.",
          ("The Nettlebed swimming baths were built in 1934.", S),
          ("The Nettlebed swimming baths will close in 2027.", N)),
    group("same_topic", "Kasimir Dale, a composer from Tarnley, wrote three operas and a violin concerto.",
          ("Kasimir Dale wrote a violin concerto.", S), ("Kasimir Dale taught music at a university.", N),
          title="Kasimir Dale"),
    group("same_topic", "Orbis Rail's night train runs between Halverton and Castlemere three times a week.",
          ("Orbis Rail's night train runs three times a week.", S),
          ("Orbis Rail's night train has a restaurant car.", N)),
    group("same_topic", "The Whitlow Bay lighthouse is 31 metres tall and was automated in 1989.",
          ("The Whitlow Bay lighthouse was automated in 1989.", S),
          ("The Whitlow Bay lighthouse is open to visitors.", N), title="Whitlow Bay lighthouse"),
    group("same_topic", "Tessaly Labs makes a blood test for iron deficiency that is sold in pharmacies.",
          ("Tessaly Labs' blood test is sold in pharmacies.", S), ("Tessaly Labs' blood test costs 30 euros.", N)),
    group("same_topic", "The Greenholm community garden has 48 plots, each rented for a year at a time.",
          ("The Greenholm community garden has 48 plots.", S),
          ("The Greenholm community garden has 48 people on its waiting list.", N), title="Greenholm garden"),
    group("same_topic", "Hilde Brunvoll was elected to the Norrbay regional parliament in 2022 for the Coastal Party.",
          ("Hilde Brunvoll was elected for the Coastal Party.", S),
          ("Hilde Brunvoll was a teacher before she entered politics.", N)),
]

PARAPHRASE = [
    group("paraphrase", "The Orla Foundation gave 3,000 laptops to schools in Benmore last year.",
          ("Schools in Benmore received three thousand laptops from the Orla Foundation last year.", S),
          ("Schools in Benmore received three hundred laptops from the Orla Foundation last year.", R),
          title="Orla Foundation"),
    group("paraphrase", "The Kilgour Rangers beat the Moss Vale Wanderers 3-1 in the cup final.",
          ("The Moss Vale Wanderers lost the cup final to the Kilgour Rangers.", S),
          ("The Moss Vale Wanderers won the cup final against the Kilgour Rangers.", R)),
    group("paraphrase", "The chemist Ama Kusi left Pellbrook University in 2018 to join the Rothe Institute.",
          ("In 2018 the Rothe Institute was joined by Ama Kusi, formerly of Pellbrook University.", S),
          ("In 2018 Ama Kusi left the Rothe Institute to join Pellbrook University.", R), title="Ama Kusi"),
    group("paraphrase", "Hartley Mills bought the bakery chain Crumb & Co for 30 million pounds.",
          ("Crumb & Co was acquired by Hartley Mills for 30 million pounds.", S),
          ("Crumb & Co acquired Hartley Mills for 30 million pounds.", R)),
    group("paraphrase", "The Lintel Bridge is closed to lorries but open to cars.",
          ("Cars may use the Lintel Bridge, but lorries may not.", S),
          ("Lorries may use the Lintel Bridge, but cars may not.", R), title="Lintel Bridge"),
    group("paraphrase", "Ticket prices at the Arden Lido will double next summer.",
          ("Next summer, entry to the Arden Lido will cost twice as much.", S),
          ("Next summer, entry to the Arden Lido will cost half as much.", R)),
    group("paraphrase", "The Tidewell council has banned cars from the old town centre since 2020.",
          ("Since 2020, cars have not been allowed in Tidewell's old town centre.", S),
          ("Tidewell's old town centre has been open to cars since 2020.", R), title="Tidewell old town"),
    group("paraphrase", "Nadia Ferrer succeeded Paul Imbert as head of the Lisden Opera in 2023.",
          ("Paul Imbert was followed as head of the Lisden Opera by Nadia Ferrer in 2023.", S),
          ("Paul Imbert took over from Nadia Ferrer as head of the Lisden Opera in 2023.", R)),
    group("paraphrase", "The Moorcroft survey found that three out of four residents support the new park.",
          ("Seventy-five per cent of residents in the Moorcroft survey back the new park.", S),
          ("Only a quarter of residents in the Moorcroft survey back the new park.", R), title="Moorcroft survey"),
    group("paraphrase", "The Fennick river burst its banks, flooding 200 homes in Clayport.",
          ("Two hundred homes in Clayport were flooded when the Fennick river overflowed.", S),
          ("The Fennick river stayed within its banks, and no homes in Clayport were flooded.", R)),
    group("paraphrase", "The Halvor Museum is open every day except Monday.",
          ("The Halvor Museum closes only on Mondays.", S), ("The Halvor Museum is open only on Mondays.", R),
          title="Halvor Museum"),
    group("paraphrase", "Wren Logistics employs more drivers than warehouse staff.",
          ("Wren Logistics has fewer warehouse staff than drivers.", S),
          ("Wren Logistics has more warehouse staff than drivers.", R)),
]

#: category -> its groups, in the order the suite is written; the issue's firm comes first in its categories
CATEGORIES: dict[str, list[Group]] = {
    "numbers": FIRM[:1] + NUMBERS,
    "units": FIRM[1:2] + UNITS,
    "dates": FIRM[2:] + DATES,
    "names": NAMES,
    "places": PLACES,
    "comparisons": COMPARISONS,
    "negation": NEGATION,
    "quantifiers": QUANTIFIERS,
    "hedging": HEDGING,
    "same_topic": SAME_TOPIC,
    "paraphrase": PARAPHRASE,
}
