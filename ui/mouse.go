package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// handleMouse scrolls with the wheel and selects with a click: a click on
// a list row moves the cursor there, a click on the selected row opens it.
func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if m.showHelp || m.focus == focusEdit {
		return m, nil
	}
	const bodyTop = 1 // below the header line
	y := msg.Y - bodyTop
	if y < 0 || y >= m.bodyHeight() {
		return m, nil
	}
	area := m.areaAt(msg.X)
	wheel := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		wheel = -1
	case tea.MouseButtonWheelDown:
		wheel = 1
	}
	if wheel != 0 {
		switch area {
		case areaDetail:
			if wheel < 0 {
				m.detail.vp.ScrollUp(3)
			} else {
				m.detail.vp.ScrollDown(3)
			}
			return m, nil
		case areaFilter:
			m.filter.cursor += wheel
			m.filter.clamp(m.bodyHeight())
			return m, nil
		}
		return m, m.moveCursor(wheel)
	}
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return m, nil
	}
	switch area {
	case areaList:
		row := m.list.top + y/m.rowHeight()
		if row >= m.list.count() {
			return m, nil
		}
		if row == m.list.cursor && m.focus == focusList {
			return m.openDetail()
		}
		if m.focus != focusSearch {
			m.focus = focusList
		}
		return m, m.setCursor(row)
	case areaDetail:
		if m.wide() {
			m.focus = focusDetail
		}
	case areaFilter:
		line := m.filter.top + y - 2 // below the input and mode lines
		rows := m.filter.rows()
		for i, j := range selectable(rows) {
			if j == line {
				m.filter.cursor = i
				m.focus = focusFilter
				m.filter.clamp(m.bodyHeight())
				return m.updateFilter(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
			}
		}
	}
	return m, nil
}

type area int

const (
	areaList area = iota
	areaDetail
	areaFilter
)

// areaAt tells which pane a column belongs to.
func (m *Model) areaAt(x int) area {
	switch {
	case m.filterOpen && m.wide():
		if x < m.filterWidth() {
			return areaFilter
		}
		return areaList
	case m.filterOpen:
		return areaFilter
	case m.wide():
		if x < m.listWidth() {
			return areaList
		}
		return areaDetail
	case m.detailOpen:
		return areaDetail
	}
	return areaList
}
