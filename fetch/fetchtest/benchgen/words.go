package benchgen

// common are the most frequent words of abstracts, most frequent first.
var common = []string{
	"the", "of", "and", "a", "in", "to", "we", "is", "for", "that", "with", "on", "this",
	"by", "as", "are", "an", "be", "from", "which", "our", "can", "it", "these", "at",
	"show", "results", "also", "model", "paper", "such", "two", "using", "new", "has",
	"its", "method", "data", "than", "between", "based", "both", "not", "study", "propose",
	"have", "their", "well", "approach", "however", "one", "used", "first", "present",
	"different", "time", "large", "performance", "problem", "each", "order", "case",
	"analysis", "systems", "high", "into", "been", "only", "while", "when", "may", "more",
	"several", "how", "over", "number", "under", "function", "field", "state", "demonstrate",
	"provide", "through", "all", "significant", "use", "some", "three", "existing", "other",
	"between", "where", "most", "framework", "effect", "structure", "find", "work", "under",
	"within", "here", "low", "recent", "small", "without", "known", "various", "about",
	"obtain", "general", "specific", "simple", "previous", "further", "strong", "single",
}

// technical are subject words, the long tail of titles and keywords.
var technical = []string{
	"neural", "network", "networks", "learning", "deep", "transformer", "attention",
	"language", "models", "training", "inference", "graph", "quantum", "spin", "lattice",
	"gauge", "theory", "black", "hole", "gravitational", "waves", "galaxy", "galaxies",
	"cosmological", "dark", "matter", "energy", "stellar", "magnetic", "superconducting",
	"topological", "phase", "transition", "entanglement", "qubit", "circuit", "algorithm",
	"optimization", "stochastic", "gradient", "convex", "bounds", "estimation", "regression",
	"bayesian", "probabilistic", "sampling", "diffusion", "generative", "adversarial",
	"reinforcement", "policy", "reward", "agent", "agents", "robot", "robotic", "control",
	"vision", "image", "images", "segmentation", "detection", "recognition", "speech",
	"translation", "retrieval", "reasoning", "benchmark", "dataset", "evaluation",
	"scaling", "sparse", "mixture", "experts", "accelerator", "hardware", "memory",
	"cache", "parallel", "distributed", "federated", "privacy", "security", "adversarial",
	"robustness", "fairness", "interpretability", "causal", "representation", "embedding",
	"contrastive", "self-supervised", "pretraining", "fine-tuning", "alignment", "instruction",
	"multimodal", "video", "3d", "point", "cloud", "rendering", "radiance", "fields",
	"manifold", "algebra", "algebras", "group", "groups", "operator", "operators", "spectral",
	"eigenvalues", "conjecture", "theorem", "proof", "polynomial", "polynomials", "hilbert",
	"banach", "sobolev", "elliptic", "hyperbolic", "equations", "nonlinear", "boundary",
	"asymptotic", "random", "matrices", "combinatorial", "graphs", "hypergraphs", "coloring",
	"cohomology", "homology", "moduli", "spaces", "curves", "surfaces", "varieties",
	"neutrino", "neutrinos", "higgs", "boson", "collider", "lhc", "qcd", "hadron", "meson",
	"scattering", "amplitudes", "string", "supersymmetric", "holographic", "conformal",
	"plasma", "turbulence", "fluid", "flows", "convection", "thermal", "transport",
	"electronic", "band", "phonon", "semiconductor", "graphene", "nanowire", "photonic",
	"optical", "laser", "cavity", "resonator", "metamaterial", "polariton", "exciton",
	"protein", "gene", "expression", "cell", "cells", "epidemic", "population", "dynamics",
	"economic", "market", "portfolio", "risk", "volatility", "pricing", "auction", "game",
	"equilibrium", "mechanism", "wireless", "channel", "mimo", "beamforming", "coding",
	"compression", "quantization", "pruning", "distillation", "efficient", "latency",
	"throughput", "scheduling", "compiler", "verification", "formal", "program", "synthesis",
	"software", "code", "bugs", "testing", "database", "query", "index", "storage",
	"blockchain", "consensus", "cryptography", "encryption", "zero-knowledge", "lattice-based",
	"exoplanet", "planetary", "solar", "supernova", "pulsar", "magnetar", "accretion",
	"redshift", "survey", "telescope", "spectroscopy", "photometric", "interferometry",
	"superconductor", "magnon", "skyrmion", "ferromagnetic", "antiferromagnetic", "hubbard",
	"kondo", "majorana", "anyons", "fermions", "bosons", "condensate", "ultracold", "atoms",
	"tensor", "decomposition", "kernel", "kernels", "clustering", "classification",
	"anomaly", "forecasting", "temporal", "spatial", "spatiotemporal", "trajectory",
	"navigation", "planning", "locomotion", "manipulation", "grasping", "tactile",
	"llm", "llms", "prompting", "chain-of-thought", "hallucination", "tokenizer", "tokens",
	"decoder", "encoder", "autoregressive", "state-space", "recurrent", "convolutional",
}

var syllables = []string{
	"ka", "lo", "mi", "ne", "ro", "ta", "vi", "zu", "pha", "tri", "mon", "gra", "sel", "dor",
	"quin", "ber", "cal", "dex", "fen", "gal", "hex", "ion", "jor", "kin", "lum", "mer",
	"nov", "opt", "par", "qua", "ris", "syn", "tor", "ult", "ver", "wen", "xen", "yst",
	"zer", "ab", "ec", "id", "ob", "ul", "an", "en", "in", "on", "un", "ar", "er", "ir",
}

var firstNames = []string{
	"Wei", "Li", "Jing", "Yang", "Hao", "Xin", "Yu", "Jun", "Min", "Lei", "Ming", "Chen",
	"John", "David", "Michael", "James", "Robert", "Maria", "Anna", "Laura", "Sarah",
	"Thomas", "Daniel", "Alexander", "Andrea", "Marco", "Luca", "Giulia", "Paolo", "Sofia",
	"Hiroshi", "Takashi", "Yuki", "Kenji", "Akira", "Sanjay", "Rahul", "Priya", "Anil",
	"Amit", "Deepak", "Sergey", "Alexey", "Dmitry", "Olga", "Ivan", "Pierre", "Jean",
	"Camille", "Nicolas", "Julien", "Hans", "Jürgen", "Katrin", "Stefan", "Lukas", "Ahmed",
	"Mohammed", "Fatima", "Omar", "Ali", "Carlos", "José", "Luis", "Ana", "Pedro", "Jan",
	"Piotr", "Tomasz", "Eva", "Peter", "Paul", "Mark", "Emily", "Jessica", "Kevin", "Brian",
	"Seung", "Ji-hoon", "Min-jun", "Soo", "Hyun", "Nguyen", "Thanh", "Minh", "Elena",
	"Mikhail", "Andrei", "Yoshua", "Geoffrey", "Yann", "Fei-Fei", "Ilya", "Noam", "Ashish",
}

var lastNames = []string{
	"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
	"Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Smith", "Johnson", "Williams",
	"Brown", "Jones", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Kim", "Lee",
	"Park", "Choi", "Jung", "Kumar", "Singh", "Sharma", "Gupta", "Patel", "Tanaka", "Suzuki",
	"Sato", "Takahashi", "Watanabe", "Müller", "Schmidt", "Schneider", "Fischer", "Weber",
	"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Martin", "Bernard", "Dubois",
	"Thomas", "Robert", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Nguyen",
	"Tran", "Le", "Pham", "Hoang", "Cohen", "Levy", "Friedman", "Anderson", "Taylor",
	"Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young",
	"King", "Wright", "Lopez", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson",
	"Carter", "Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell", "Parker",
	"Evans", "Edwards", "Collins", "Stewart", "Sanchez", "Morris", "Rogers", "Reed", "Cook",
	"Morgan", "Bell", "Murphy", "Bailey", "Rivera", "Cooper", "Richardson", "Cox", "Howard",
	"Ward", "Torres", "Peterson", "Gray", "Ramirez", "James", "Watson", "Brooks", "Kelly",
	"Sanders", "Price", "Bennett", "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins",
	"Perry", "Powell", "Long", "Patterson", "Hughes", "Flores", "Washington", "Butler",
	"Simmons", "Foster", "Gonzales", "Bryant", "Alexander", "Russell", "Griffin", "Diaz",
	"Hayes", "Myers", "Ford", "Hamilton", "Graham", "Sullivan", "Wallace", "Woods", "Cole",
	"West", "Jordan", "Owens", "Reynolds", "Fisher", "Ellis", "Harrison", "Gibson", "McDonald",
	"Cruz", "Marshall", "Ortiz", "Gomez", "Murray", "Freeman", "Wells", "Webb", "Simpson",
}

// categoryWeights approximate arXiv's submissions by primary category.
var categoryWeights = []struct {
	name string
	w    float64
}{
	{"cs.LG", 9}, {"cs.CV", 8}, {"cs.CL", 6}, {"cs.AI", 3}, {"cs.RO", 2}, {"cs.CR", 1.5},
	{"cs.DS", 1}, {"cs.IT", 1.5}, {"cs.SE", 1}, {"cs.DC", 1}, {"cs.AR", 0.4}, {"cs.NI", 1},
	{"cs.HC", 1}, {"cs.IR", 1}, {"cs.SY", 1}, {"cs.NE", 0.5}, {"cs.PL", 0.4}, {"cs.DB", 0.4},
	{"cs.GT", 0.4}, {"cs.LO", 0.5}, {"stat.ML", 2}, {"stat.ME", 1.5}, {"stat.TH", 0.8},
	{"math.PR", 2}, {"math.AP", 2}, {"math.CO", 2}, {"math.OC", 2}, {"math.NA", 1.5},
	{"math.AG", 1.5}, {"math.NT", 1.2}, {"math.DG", 1.2}, {"math.DS", 1}, {"math.FA", 1},
	{"math.GT", 0.8}, {"math.RT", 0.7}, {"math.QA", 0.5}, {"math.ST", 0.8}, {"math.CA", 0.6},
	{"math-ph", 1}, {"quant-ph", 5}, {"hep-th", 3}, {"hep-ph", 3}, {"hep-ex", 1}, {"hep-lat", 0.5},
	{"gr-qc", 2}, {"astro-ph.GA", 2}, {"astro-ph.CO", 1.5}, {"astro-ph.SR", 1.5},
	{"astro-ph.HE", 1.5}, {"astro-ph.EP", 1}, {"astro-ph.IM", 0.8}, {"cond-mat.mes-hall", 2},
	{"cond-mat.str-el", 1.5}, {"cond-mat.mtrl-sci", 2.5}, {"cond-mat.stat-mech", 1.5},
	{"cond-mat.soft", 1}, {"cond-mat.supr-con", 0.7}, {"cond-mat.quant-gas", 0.7},
	{"physics.optics", 1.5}, {"physics.flu-dyn", 1}, {"physics.comp-ph", 0.7},
	{"physics.app-ph", 1}, {"physics.chem-ph", 0.7}, {"physics.soc-ph", 0.5}, {"nucl-th", 0.8},
	{"nucl-ex", 0.4}, {"eess.SP", 2}, {"eess.IV", 1.2}, {"eess.SY", 1.5}, {"eess.AS", 0.8},
	{"q-bio.QM", 0.5}, {"q-bio.NC", 0.5}, {"q-fin.ST", 0.3}, {"econ.EM", 0.3}, {"nlin.CD", 0.3},
}
