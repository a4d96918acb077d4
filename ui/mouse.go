package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// handleMouse scrolls with the wheel and selects with a click: a click on
// a list row moves the cursor there, a click on the selected row opens it.
func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if m.layout == layoutHelp || m.focus() == focusEdit {
		return m, nil
	}
	g := m.geo()
	const bodyTop = 1 // below the header line
	y := msg.Y - bodyTop
	if y < 0 || y >= g.bodyHeight() {
		return m, nil
	}
	area := g.areaAt(msg.X)
	wheel := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		wheel = -1
	case tea.MouseButtonWheelDown:
		wheel = 1
	}
	if wheel != 0 {
		switch area {
		case areaReading:
			m.reading.scroll(3 * wheel)
			return m, nil
		case areaDetail:
			m.detail.scroll(3 * wheel)
			return m, nil
		case areaFilter:
			m.filter.scroll(wheel)
			return m, nil
		}
		return m.apply(intent{kind: intentMove, delta: wheel}, focusList)
	}
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return m, nil
	}
	switch area {
	case areaList:
		row := m.list.top + y/g.rowHeight()
		if row >= m.list.count() {
			return m, nil
		}
		if row == m.list.cursor && m.focus() == focusList {
			return m.openDetail()
		}
		if m.layout == layoutDetail {
			m.layout = layoutList
		}
		cmd, _ := m.list.setCursor(row)
		return m, tea.Batch(cmd, m.followDetail())
	case areaDetail:
		if g.wide() && m.layout != layoutDetail {
			m.layout, m.detailFrom = layoutDetail, layoutList
		}
	case areaFilter:
		if m.filter.clickLine(y) {
			return m.filterKey(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		}
	}
	return m, nil
}
