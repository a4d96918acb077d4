// The module's path sorts before github.com/charmbracelet/bubbletea's on
// purpose: see termbg.go. It is never fetched (.invalid): the main module
// replaces it with this directory.
module early.invalid/termbg

go 1.26

require github.com/charmbracelet/lipgloss v1.1.1-0.20250404203927-76690c660834
