/**
 * Test data: 200 quiz questions in 7 families, each with its probes and answer wordings that are right,
 * wrong (a plausible confusion) or hedged. Used to build realistic synthetic runs for tests and the README
 * screenshot; the scores built from it are synthetic (see test-rows.ts).
 */

export interface Family {
  category: string;
  question: (s: string) => string;
  probes: ((s: string) => string)[];
  right: ((s: string, a: string) => string)[];
  wrong: ((s: string, w: string) => string)[];
  hedge: (s: string, a: string, w: string) => string;
  /** "subject|right answer|wrong answer" */
  items: string[];
}

export const FAMILIES: Family[] = [
  {
    category: "Capitals",
    question: (s) => `What is the capital of ${s}?`,
    probes: [(s) => `Which city is the capital of ${s}?`, (s) => `What city serves as the capital of ${s}?`, (s) => `Name the capital city of ${s}.`, (s) => `${s}'s capital is which city?`, (s) => `Where is the seat of government of ${s}?`],
    right: [(s, a) => `The capital of ${s} is ${a}.`, (s, a) => `${a} is the capital city of ${s}.`, (s, a) => `${s}'s capital is ${a}.`, (_, a) => `${a}.`],
    wrong: [(s, w) => `The capital of ${s} is ${w}.`, (s, w) => `${w} is the capital of ${s}, and also its largest city.`],
    hedge: (s, a, w) => `Many people assume it is ${w}, but the capital of ${s} is ${a}.`,
    items: ["Australia|Canberra|Sydney", "Canada|Ottawa|Toronto", "Brazil|Brasília|Rio de Janeiro", "Turkey|Ankara|Istanbul", "Switzerland|Bern|Zurich", "Nigeria|Abuja|Lagos", "New Zealand|Wellington|Auckland", "Morocco|Rabat|Casablanca", "Vietnam|Hanoi|Ho Chi Minh City", "Myanmar|Naypyidaw|Yangon", "Kazakhstan|Astana|Almaty", "Tanzania|Dodoma|Dar es Salaam", "Pakistan|Islamabad|Karachi", "India|New Delhi|Mumbai", "Belize|Belmopan|Belize City", "Ivory Coast|Yamoussoukro|Abidjan", "Scotland|Edinburgh|Glasgow", "Germany|Berlin|Bonn", "Italy|Rome|Milan", "Spain|Madrid|Barcelona", "Japan|Tokyo|Kyoto", "China|Beijing|Shanghai", "Russia|Moscow|Saint Petersburg", "Egypt|Cairo|Alexandria", "Kenya|Nairobi|Mombasa", "Argentina|Buenos Aires|Córdoba", "Chile|Santiago|Valparaíso", "Peru|Lima|Cusco", "Colombia|Bogotá|Medellín", "Norway|Oslo|Bergen", "Finland|Helsinki|Turku", "Poland|Warsaw|Kraków", "Portugal|Lisbon|Porto", "Greece|Athens|Thessaloniki", "Ireland|Dublin|Cork", "the Netherlands|Amsterdam|The Hague", "Saudi Arabia|Riyadh|Jeddah", "the United Arab Emirates|Abu Dhabi|Dubai", "Ecuador|Quito|Guayaquil", "Malta|Valletta|Mdina"],
  },
  {
    category: "Literature",
    question: (s) => `Who wrote ${s}?`,
    probes: [(s) => `Who is the author of ${s}?`, (s) => `${s} was written by whom?`, (s) => `Which writer published ${s}?`, (s) => `Who penned the novel ${s}?`, (s) => `Can you tell me who wrote the book ${s}?`],
    right: [(s, a) => `${s} was written by ${a}.`, (s, a) => `${a} wrote ${s}.`, (s, a) => `The author of ${s} is ${a}.`],
    wrong: [(s, w) => `${s} was written by ${w}.`, (s, w) => `${w} is the author of ${s}.`],
    hedge: (s, a, w) => `${s} is sometimes attributed to ${w}, but it was written by ${a}.`,
    items: ["Frankenstein|Mary Shelley|Percy Bysshe Shelley", "Pride and Prejudice|Jane Austen|Charlotte Brontë", "Nineteen Eighty-Four|George Orwell|Aldous Huxley", "Moby-Dick|Herman Melville|Nathaniel Hawthorne", "One Hundred Years of Solitude|Gabriel García Márquez|Mario Vargas Llosa", "The Brothers Karamazov|Fyodor Dostoevsky|Leo Tolstoy", "Middlemarch|George Eliot|Elizabeth Gaskell", "Things Fall Apart|Chinua Achebe|Wole Soyinka", "The Trial|Franz Kafka|Thomas Mann", "Don Quixote|Miguel de Cervantes|Lope de Vega", "Wuthering Heights|Emily Brontë|Charlotte Brontë", "The Great Gatsby|F. Scott Fitzgerald|Ernest Hemingway", "Jane Eyre|Charlotte Brontë|Emily Brontë", "War and Peace|Leo Tolstoy|Fyodor Dostoevsky", "Ulysses|James Joyce|Samuel Beckett", "Madame Bovary|Gustave Flaubert|Honoré de Balzac", "The Catcher in the Rye|J. D. Salinger|John Steinbeck", "To Kill a Mockingbird|Harper Lee|Truman Capote", "The Grapes of Wrath|John Steinbeck|William Faulkner", "Beloved|Toni Morrison|Alice Walker", "Mrs Dalloway|Virginia Woolf|E. M. Forster", "Crime and Punishment|Fyodor Dostoevsky|Anton Chekhov", "The Old Man and the Sea|Ernest Hemingway|John Steinbeck", "Brave New World|Aldous Huxley|George Orwell", "Dracula|Bram Stoker|Mary Shelley", "The Picture of Dorian Gray|Oscar Wilde|Bram Stoker", "Great Expectations|Charles Dickens|William Makepeace Thackeray", "Les Misérables|Victor Hugo|Alexandre Dumas", "The Count of Monte Cristo|Alexandre Dumas|Victor Hugo", "Anna Karenina|Leo Tolstoy|Ivan Turgenev"],
  },
  {
    category: "History",
    question: (s) => `In what year did ${s}?`,
    probes: [(s) => `When did ${s}?`, (s) => `What year did ${s}?`, (s) => `In which year did ${s}?`, (s) => `Do you know the year in which ${s}?`, (s) => `Tell me the year: when did ${s}?`],
    right: [(_, a) => `It happened in ${a}.`, (_, a) => `In ${a}.`, (_, a) => `That was in ${a}.`],
    wrong: [(_, w) => `It happened in ${w}.`, (_, w) => `In ${w}.`],
    hedge: (_, a, w) => `Sources sometimes give ${w}, but it was in ${a}.`,
    items: ["the Berlin Wall fall|1989|1991", "the first crewed Moon landing take place|1969|1968", "the Titanic sink|1912|1915", "the French Revolution begin|1789|1793", "the First World War end|1918|1919", "King John seal the Magna Carta|1215|1225", "the Chernobyl disaster happen|1986|1984", "India gain independence|1947|1950", "the Battle of Hastings take place|1066|1067", "the Wright brothers make their first powered flight|1903|1905", "Columbus first reach the Americas|1492|1498", "the Second World War end|1945|1944", "the Soviet Union dissolve|1991|1989", "Nelson Mandela become president of South Africa|1994|1990", "euro banknotes and coins enter circulation|2002|1999", "the United States declare independence|1776|1787", "the Great Fire of London happen|1666|1665", "Napoleon lose the Battle of Waterloo|1815|1812", "Sputnik 1 launch|1957|1961", "the storming of the Bastille happen|1789|1791", "the American Civil War end|1865|1863", "Germany reunify|1990|1989", "the Hubble Space Telescope launch|1990|1993", "the Treaty of Versailles get signed|1919|1918", "the Wall Street Crash happen|1929|1933", "the Black Death reach England|1348|1350", "Queen Victoria die|1901|1899", "the Suez Crisis happen|1956|1967", "the People's Republic of China get proclaimed|1949|1947", "Hawaii become a US state|1959|1898"],
  },
  {
    category: "Chemistry",
    question: (s) => `What is the chemical symbol for ${s}?`,
    probes: [(s) => `Which symbol stands for ${s} on the periodic table?`, (s) => `How is ${s} written as a chemical symbol?`, (s) => `What's the element symbol of ${s}?`, (s) => `On the periodic table, what letters represent ${s}?`, (s) => `Give the chemical symbol of the element ${s}.`],
    right: [(s, a) => `The chemical symbol for ${s} is ${a}.`, (s, a) => `${a} is the symbol for ${s}.`, (_, a) => `${a}.`],
    wrong: [(s, w) => `The chemical symbol for ${s} is ${w}.`, (s, w) => `${s} is written ${w}.`],
    hedge: (s, a, w) => `It is not ${w}, as one might guess: ${s} is ${a}.`,
    items: ["gold|Au|Ag", "silver|Ag|Au", "iron|Fe|Ir", "lead|Pb|Ld", "sodium|Na|So", "potassium|K|P", "tin|Sn|Ti", "mercury|Hg|Me", "copper|Cu|Co", "tungsten|W|Tu", "antimony|Sb|An", "phosphorus|P|Ph", "sulfur|S|Su", "helium|He|H", "magnesium|Mg|Mn", "manganese|Mn|Mg", "chlorine|Cl|C", "calcium|Ca|C", "nitrogen|N|Ni", "nickel|Ni|N", "zinc|Zn|Zi", "platinum|Pt|Pl", "silicon|Si|S", "boron|B|Bo", "fluorine|F|Fl"],
  },
  {
    category: "Art",
    question: (s) => `Who painted ${s}?`,
    probes: [(s) => `Which artist painted ${s}?`, (s) => `${s} is the work of which painter?`, (s) => `Who is the painter of ${s}?`, (s) => `Who created the painting ${s}?`, (s) => `Name the artist behind ${s}.`],
    right: [(s, a) => `${s} was painted by ${a}.`, (s, a) => `${a} painted ${s}.`, (_, a) => `${a}.`],
    wrong: [(s, w) => `${s} was painted by ${w}.`, (s, w) => `It is a work of ${w}.`],
    hedge: (s, a, w) => `It is often confused with the work of ${w}, but ${s} is by ${a}.`,
    items: ["the Mona Lisa|Leonardo da Vinci|Raphael", "The Starry Night|Vincent van Gogh|Paul Gauguin", "The Night Watch|Rembrandt|Johannes Vermeer", "Girl with a Pearl Earring|Johannes Vermeer|Rembrandt", "The Persistence of Memory|Salvador Dalí|René Magritte", "Guernica|Pablo Picasso|Joan Miró", "The Birth of Venus|Sandro Botticelli|Titian", "The Scream|Edvard Munch|Egon Schiele", "Las Meninas|Diego Velázquez|Francisco Goya", "The Garden of Earthly Delights|Hieronymus Bosch|Pieter Bruegel the Elder", "Impression, Sunrise|Claude Monet|Camille Pissarro", "American Gothic|Grant Wood|Edward Hopper", "Nighthawks|Edward Hopper|Grant Wood", "Liberty Leading the People|Eugène Delacroix|Jacques-Louis David", "The Last Supper|Leonardo da Vinci|Michelangelo", "The Creation of Adam|Michelangelo|Raphael", "The School of Athens|Raphael|Michelangelo", "A Sunday Afternoon on the Island of La Grande Jatte|Georges Seurat|Paul Signac", "The Arnolfini Portrait|Jan van Eyck|Rogier van der Weyden", "The Kiss|Gustav Klimt|Egon Schiele"],
  },
  {
    category: "Currencies",
    question: (s) => `What is the currency of ${s}?`,
    probes: [(s) => `Which currency is used in ${s}?`, (s) => `What money do people pay with in ${s}?`, (s) => `What is the official currency of ${s}?`, (s) => `In ${s}, what currency is legal tender?`, (s) => `What currency would I need in ${s}?`],
    right: [(s, a) => `The currency of ${s} is ${a}.`, (s, a) => `${s} uses ${a}.`, (_, a) => `${a[0].toUpperCase()}${a.slice(1)}.`],
    wrong: [(s, w) => `The currency of ${s} is ${w}.`, (s, w) => `${s} uses ${w}.`],
    hedge: (s, a, w) => `Not ${w}: ${s} uses ${a}.`,
    items: ["Japan|the yen|the yuan", "Switzerland|the Swiss franc|the euro", "the United Kingdom|the pound sterling|the euro", "South Africa|the rand|the pound", "Brazil|the real|the peso", "Mexico|the Mexican peso|the US dollar", "Poland|the złoty|the euro", "Sweden|the Swedish krona|the euro", "Denmark|the Danish krone|the euro", "Norway|the Norwegian krone|the euro", "Russia|the ruble|the hryvnia", "China|the renminbi (yuan)|the yen", "South Korea|the won|the yen", "Turkey|the Turkish lira|the euro", "Thailand|the baht|the ringgit", "Indonesia|the rupiah|the ringgit", "Malaysia|the ringgit|the rupiah", "Vietnam|the đồng|the baht", "Israel|the new shekel|the dinar", "Hungary|the forint|the euro", "the Czech Republic|the Czech koruna|the euro", "Argentina|the Argentine peso|the real", "Ecuador|the US dollar|the sucre", "Montenegro|the euro|the dinar", "Panama|the balboa and the US dollar|the peso"],
  },
  {
    category: "Mountains",
    question: (s) => `What is the highest mountain in ${s}?`,
    probes: [(s) => `Which mountain is the tallest in ${s}?`, (s) => `What is ${s}'s highest peak?`, (s) => `Name the highest summit in ${s}.`, (s) => `Which peak rises highest in ${s}?`, (s) => `What's the tallest mountain you can find in ${s}?`],
    right: [(s, a) => `The highest mountain in ${s} is ${a}.`, (s, a) => `${a} is the tallest peak in ${s}.`, (_, a) => `${a}.`],
    wrong: [(s, w) => `The highest mountain in ${s} is ${w}.`, (s, w) => `${w} is the highest peak in ${s}.`],
    hedge: (s, a, w) => `${w} is well known, but the highest mountain in ${s} is ${a}.`,
    items: ["Japan|Mount Fuji|Mount Kita", "Germany|the Zugspitze|the Watzmann", "Austria|the Grossglockner|the Wildspitze", "Spain|Teide|Mulhacén", "the United States|Denali|Mount Whitney", "Canada|Mount Logan|Mount Robson", "Mexico|Pico de Orizaba|Popocatépetl", "Argentina|Aconcagua|Ojos del Salado", "New Zealand|Aoraki / Mount Cook|Mount Ruapehu", "mainland Australia|Mount Kosciuszko|Mount Townsend", "Greece|Mount Olympus|Mount Parnassus", "Turkey|Mount Ararat|Mount Erciyes", "Iran|Mount Damavand|Alam-Kuh", "Tanzania|Kilimanjaro|Mount Meru", "Kenya|Mount Kenya|Mount Elgon", "Nepal|Mount Everest|Kangchenjunga", "Pakistan|K2|Nanga Parbat", "Scotland|Ben Nevis|Ben Macdui", "Wales|Yr Wyddfa (Snowdon)|Cadair Idris", "England|Scafell Pike|Helvellyn", "Norway|Galdhøpiggen|Glittertind", "Sweden|Kebnekaise|Sarektjåkkå", "Poland|Rysy|Śnieżka", "Slovenia|Triglav|Grintovec", "Morocco|Toubkal|M'Goun", "Chile|Ojos del Salado|Aconcagua", "Ecuador|Chimborazo|Cotopaxi", "Switzerland|the Dufourspitze (Monte Rosa)|the Matterhorn", "Ethiopia|Ras Dashen|Mount Batu", "Tajikistan|Ismoil Somoni Peak|Lenin Peak"],
  },
];

/** A refusal or non-answer, the typical outlier. */
export const REFUSALS = [
  "As an AI language model, I cannot verify that with certainty; please check an up-to-date reference.",
  "I'm not sure. Could you give me more context about what you are asking?",
];
