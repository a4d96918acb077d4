package ui

import "github.com/paperboy-reader/paperboy/store"

// An intent is what a pane asks of the reader when a key concerns more
// than the pane itself: open a paper, close the pane, toggle a tag, run a
// query. Panes never read or write each other's state; the root model
// applies every intent in one place (Model.apply).
type intent struct {
	kind  intentKind
	tag   store.Tag  // intentToggleTag
	view  store.View // intentView
	saved int        // intentSavedView: 1 + the index of a saved view
	close bool       // intentView, intentSavedView: close the filter pane too
	text  string     // intentSearch, intentAccept
	delta int        // intentMove: rows to move the list cursor
}

type intentKind int

const (
	intentNone         intentKind = iota
	intentMoved                   // the list cursor moved: the detail follows
	intentOpen                    // open the paper under the cursor
	intentNextPane                // tab: to the next pane
	intentClose                   // close this pane (back to the list)
	intentClearSearch             // esc on the list: drop the search
	intentToggleTag               // select or deselect a tag
	intentAnyAll                  // selected tags match all or any
	intentView                    // show one of the built-in views
	intentSavedView               // show (or stop showing) a saved view
	intentSearch                  // the search text changed
	intentMove                    // move the list cursor from the search box
	intentMovePage                // a page of it (delta is the sign)
	intentAccept                  // enter in a prompt
	intentCancel                  // esc in a prompt
	intentFind                    // the reading view's search box
	intentOpenRef                 // open a reference's paper (text: its arXiv id, delta: its number)
	intentStarRef                 // star it
	intentReadRef                 // read it
	intentSearchRemote            // send the search to Hugging Face (text: the query)
	intentOpenURL                 // open a page in the browser (text: its URL)
)
