// Channels: create, rename, describe, reorder (drag, or the Move buttons / Alt+arrow keys), delete
// with or without purging their messages. The list is the live active_channels of the connection.
import { h, Component, createRef } from './lib.js';

export class Channels extends Component {
  constructor(props) {
    super(props);
    this.state = { name: '', description: '', editing: null, deleting: null, purge: false, error: null, info: null, dragId: null, overId: null };
    this.dialog = createRef();
  }

  async act(work, info) {
    this.setState({ error: null, info: null });
    try {
      await work();
      this.setState({ info });
      return true;
    } catch (e) {
      this.setState({ error: e.message });
      return false;
    }
  }

  async create(event) {
    event.preventDefault();
    const { name, description } = this.state;
    if (await this.act(() => this.props.api.post('/channels', { name, description }), `Channel “${name.trim()}” created.`)) {
      this.setState({ name: '', description: '' });
    }
  }

  async save(event) {
    event.preventDefault();
    const { editing } = this.state;
    if (await this.act(() => this.props.api.patch('/channels', { id: editing.id, name: editing.name, description: editing.description }), 'Channel updated.')) {
      this.setState({ editing: null });
    }
  }

  move(channel, beforeId, label) {
    return this.act(() => this.props.api.patch('/channels', { id: channel.id, before_id: beforeId }), `Moved “${channel.name}” ${label}.`);
  }

  moveBy(index, delta) {
    const list = this.props.channels;
    const channel = list[index];
    if (delta < 0 && index > 0) this.move(channel, list[index - 1].id, 'up');
    if (delta > 0 && index < list.length - 1) this.move(channel, list[index + 2]?.id ?? 0, 'down');
  }

  keyOnHandle(event, index) {
    if (!event.altKey) return;
    if (event.key === 'ArrowUp') { event.preventDefault(); this.moveBy(index, -1); }
    if (event.key === 'ArrowDown') { event.preventDefault(); this.moveBy(index, 1); }
  }

  drop(event, target) {
    event.preventDefault();
    const list = this.props.channels;
    const dragged = list.find(c => c.id === this.state.dragId);
    this.setState({ dragId: null, overId: null });
    if (!dragged || dragged.id === target.id) return;
    // Dropped on a channel below: it goes after that one; above: before it.
    const from = list.indexOf(dragged);
    const to = list.indexOf(target);
    const beforeId = to > from ? (list[to + 1]?.id ?? 0) : target.id;
    this.move(dragged, beforeId, to > from ? `below “${target.name}”` : `above “${target.name}”`);
  }

  askDelete(channel) {
    this.setState({ deleting: channel, purge: false }, () => this.dialog.current?.showModal());
  }

  async confirmDelete(event) {
    event.preventDefault();
    const { deleting, purge } = this.state;
    this.dialog.current?.close();
    await this.act(() => this.props.api.delete(`/channels?id=${deleting.id}&purge=${purge}`),
      `Channel “${deleting.name}” deleted${purge ? ' with its messages' : ''}.`);
    this.setState({ deleting: null });
  }

  render({ channels }, { name, description, editing, deleting, purge, error, info, dragId, overId }) {
    return h('section', null,
      h('form', { class: 'inline', onSubmit: e => this.create(e), 'aria-label': 'Create a channel' },
        h('label', null, 'Name', h('input', { id: 'new-channel-name', required: true, maxLength: 24, value: name, onInput: e => this.setState({ name: e.target.value }) })),
        h('label', null, 'Description', h('input', { id: 'new-channel-description', maxLength: 1024, value: description, onInput: e => this.setState({ description: e.target.value }) })),
        h('button', { type: 'submit', class: 'primary' }, 'Create channel')),
      error ? h('p', { class: 'banner danger', role: 'alert' }, error) : null,
      h('p', { class: 'sr-only', role: 'status' }, info || ''),
      channels == null ? h('p', { class: 'skeleton', role: 'status' }, 'Loading channels…') : null,
      h('p', { class: 'skeleton' }, 'Drag a channel by its handle, or focus the handle and press Alt+↑ / Alt+↓, to change the order everyone sees.'),
      h('ol', { class: 'channel-list', 'data-testid': 'channel-list' }, (channels || []).map((c, index) =>
        h('li', {
          key: c.id, 'data-channel': c.name,
          class: `channel-item ${dragId === c.id ? 'dragging' : ''} ${overId === c.id && dragId !== c.id ? 'drop-target' : ''}`,
          onDragOver: e => { e.preventDefault(); if (overId !== c.id) this.setState({ overId: c.id }); },
          onDrop: e => this.drop(e, c),
        },
          h('button', {
            type: 'button', class: 'handle', draggable: 'true', 'aria-label': `Reorder ${c.name} (Alt+Up or Alt+Down)`,
            onDragStart: e => { e.dataTransfer.setData('text/plain', String(c.id)); this.setState({ dragId: c.id }); },
            onDragEnd: () => this.setState({ dragId: null, overId: null }),
            onKeyDown: e => this.keyOnHandle(e, index),
          }, '⠿'),
          editing?.id === c.id
            ? h('form', { class: 'inline', onSubmit: e => this.save(e), 'aria-label': `Edit ${c.name}` },
              h('label', null, 'Name', h('input', { class: 'edit-name', required: true, maxLength: 24, value: editing.name, onInput: e => this.setState({ editing: { ...editing, name: e.target.value } }) })),
              h('label', null, 'Description', h('input', { class: 'edit-description', maxLength: 1024, value: editing.description, onInput: e => this.setState({ editing: { ...editing, description: e.target.value } }) })),
              h('button', { type: 'submit', class: 'primary' }, 'Save'),
              h('button', { type: 'button', class: 'secondary', onClick: () => this.setState({ editing: null }) }, 'Cancel'))
            : [h('span', { class: 'name' }, c.name), h('span', { class: 'desc' }, c.description || '')],
          h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'secondary', disabled: index === 0, 'aria-label': `Move ${c.name} up`, onClick: () => this.moveBy(index, -1) }, 'Up'),
            h('button', { type: 'button', class: 'secondary', disabled: index === channels.length - 1, 'aria-label': `Move ${c.name} down`, onClick: () => this.moveBy(index, 1) }, 'Down'),
            h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${c.name}`, onClick: () => this.setState({ editing: { id: c.id, name: c.name, description: c.description || '' } }) }, 'Edit'),
            h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${c.name}`, onClick: () => this.askDelete(c) }, 'Delete'))))),
      h('dialog', { ref: this.dialog, 'aria-labelledby': 'delete-title', onClose: () => this.setState({ deleting: null }) },
        deleting ? h('form', { method: 'dialog', onSubmit: e => this.confirmDelete(e) },
          h('h3', { id: 'delete-title' }, `Delete “${deleting.name}”?`),
          h('p', null, 'Nobody can post in it any more. Its messages stay searchable unless you purge them.'),
          h('label', null, h('input', { type: 'checkbox', id: 'purge', checked: purge, onChange: e => this.setState({ purge: e.target.checked }) }),
            ' Also delete all its messages (purge; cannot be undone)'),
          h('div', { class: 'row-actions' },
            h('button', { type: 'submit', class: 'danger', id: 'confirm-delete' }, purge ? 'Delete channel and messages' : 'Delete channel'),
            h('button', { type: 'button', class: 'secondary', onClick: () => this.dialog.current.close() }, 'Cancel'))) : null));
  }
}
