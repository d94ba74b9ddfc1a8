import OfficeTemplate

/// "Did you mean …?" for misspelt field names and choices: OfficeTemplate's `Suggestion`, except
/// that a one-letter word, one edit from every other one-letter word, gets no suggestion.
enum DidYouMean {
    /// "; did you mean 'x'?" or "".
    static func suffix(_ word: String, among candidates: [String]) -> String {
        let lowered = word.lowercased()
        guard let closest = Suggestion.closest(to: word, among: candidates),
            Suggestion.editDistance(lowered, closest.lowercased()) < lowered.count
        else { return "" }
        return "; did you mean '\(closest)'?"
    }
}
