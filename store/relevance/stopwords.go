package relevance

// stopword reports words that say nothing of what a paper is about:
// English function words and the words every abstract uses ("propose",
// "results", "approach"). They never make two papers similar, and
// leaving them out keeps a query's terms few and rare.
func stopword(w string) bool {
	_, ok := stopwords[w]
	return ok
}

var stopwords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range []string{
		// Function words.
		"a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "also",
		"although", "always", "am", "among", "an", "and", "another", "any", "are", "around", "as", "at",
		"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
		"cannot", "could", "did", "do", "does", "doing", "done", "down", "due", "during", "each", "either",
		"else", "enough", "etc", "even", "ever", "every", "few", "for", "from", "further", "had", "has",
		"have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in",
		"into", "is", "it", "its", "itself", "just", "least", "less", "like", "many", "may", "might",
		"more", "most", "much", "must", "my", "namely", "neither", "no", "nor", "not", "now", "of", "off",
		"often", "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise", "our", "ours",
		"out", "over", "own", "per", "perhaps", "quite", "rather", "same", "several", "she", "should",
		"since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "then",
		"there", "thereby", "therefore", "these", "they", "this", "those", "though", "through", "thus",
		"to", "together", "too", "toward", "towards", "two", "under", "unlike", "until", "up", "upon",
		"us", "very", "via", "was", "we", "well", "were", "what", "whatever", "when", "where", "whereas",
		"whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
		"would", "yet", "you", "your", "three", "first", "second", "new", "non", "based", "using", "used",
		"use", "uses", "make", "makes", "made", "given", "get", "across", "way", "ways",
		// What every abstract says.
		"paper", "papers", "propose", "proposed", "proposes", "present", "presents", "presented", "show",
		"shows", "shown", "showing", "demonstrate", "demonstrates", "demonstrated", "result", "results",
		"resulting", "approach", "approaches", "method", "methods", "methodology", "work", "works",
		"study", "studies", "studied", "novel", "existing", "previous", "prior", "recent", "recently",
		"achieve", "achieves", "achieved", "achieving", "significant", "significantly", "improve",
		"improves", "improved", "improvement", "improvements", "performance", "state", "art",
		"experiments", "experimental", "experiment", "evaluate", "evaluated", "evaluation", "provide",
		"provides", "provided", "different", "various", "introduce", "introduces", "introduced",
		"furthermore", "moreover", "specifically", "particular", "particularly", "effective",
		"effectively", "efficient", "efficiently", "compared", "compare", "comparison", "outperforms",
		"outperform", "problem", "problems", "task", "tasks", "key", "important", "including", "include",
		"includes", "large", "small", "high", "low", "number", "set", "range", "able", "allows", "allow",
		"enable", "enables", "enabling", "framework", "finally", "thereby", "respectively", "available",
		"code", "github", "com", "https", "http", "www", "et", "al", "fig", "figure", "table", "section",
		"discuss", "discusses", "discussed", "discussion", "develop", "develops", "developed", "developing",
		"development", "developments", "base", "baseline", "baselines", "amount", "higher", "lower",
		"running", "run", "runs", "help", "helps", "validate", "validated", "release", "released",
		"releases", "unlock", "unlocks", "engage", "industry", "overall", "despite", "remain", "remains",
		"challenge", "challenges", "challenging", "potential", "future", "current", "currently",
		"typically", "widely", "common", "commonly", "critical", "crucial", "essential", "substantial",
		"substantially", "superior", "promising", "comprehensive", "extensive", "extensively",
		"demonstrating", "leveraging", "leverage", "leverages", "utilize", "utilizing", "address",
		"addresses", "addressing", "aim", "aims", "yields", "yield", "offers", "offer", "across",
		"better", "best", "good", "strong", "simple", "general", "generally", "real", "world",
	} {
		m[w] = struct{}{}
	}
	return m
}()
