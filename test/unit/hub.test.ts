import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog } from '../../src/codecs/catalog.ts';
import { JsonCodec } from '../../src/codecs/json-codec.ts';
import { OriginalCodec } from '../../src/codecs/original-codec.ts';
import { parseLine } from '../../src/codecs/line-command.ts';
import { TextCodec } from '../../src/codecs/text-codec.ts';
import type { ChatEvent } from '../../src/core/events.ts';
import { Hub } from '../../src/core/hub.ts';
import type { Encoder, Peer } from '../../src/core/peer.ts';
import type { Session } from '../../src/core/session.ts';

/** The real text codec, counting how often it is asked to encode. */
class CountingEncoder implements Encoder {
  calls = 0;
  readonly #inner: Encoder;
  constructor(inner: Encoder) {
    this.#inner = inner;
  }
  encode(event: ChatEvent): Buffer {
    this.calls++;
    return this.#inner.encode(event);
  }
}

/** A peer that keeps what the hub queued for it, as text. */
class TextPeer implements Peer {
  encoder: Encoder;
  out = '';
  ended = false;
  constructor(encoder: Encoder) {
    this.encoder = encoder;
  }
  send(bytes: Buffer): void {
    this.out += bytes.toString('utf8');
  }
  end(): void {
    this.ended = true;
  }
  take(): string {
    const o = this.out;
    this.out = '';
    return o;
  }
}

const text = new TextCodec(new Catalog('pt'));

function join(hub: Hub, nick: string, encoder: Encoder = text): { session: Session; peer: TextPeer } {
  const peer = new TextPeer(encoder);
  const session = hub.open(peer);
  assert.equal(hub.register(session, nick, 'ask'), true);
  peer.take();
  return { session, peer };
}

describe('Hub', () => {
  it('relays the original notices to everyone but the subject', () => {
    const hub = new Hub();
    const ana = join(hub, 'ana');
    const bob = join(hub, 'bob');
    assert.equal(ana.peer.take(), 'bob entrou no chat.\n');
    hub.execute(bob.session, parseLine('olá'));
    assert.equal(ana.peer.take(), 'bob >> olá\n');
    assert.equal(bob.peer.take(), '');
    hub.execute(bob.session, parseLine('SAIR'));
    assert.equal(ana.peer.take(), 'bob saiu do chat.\n');
    assert.equal(bob.peer.ended, true);
  });

  it('refuses a nickname in use ignoring case, and keeps asking', () => {
    const hub = new Hub();
    join(hub, 'Ana');
    const peer = new TextPeer(text);
    const s = hub.open(peer);
    hub.execute(s, parseLine('aNA'));
    assert.match(peer.take(), /já está em uso/);
    assert.equal(s.registered, false);
    hub.execute(s, parseLine('bob'));
    assert.match(peer.take(), /Olá, bob!/);
  });

  it('gives the original client a free variant and says so', () => {
    const hub = new Hub();
    join(hub, 'ana');
    join(hub, 'ana2');
    const peer = new TextPeer(text);
    const s = hub.open(peer);
    hub.register(s, 'ana', 'coerce');
    assert.equal(s.nick, 'ana3');
    assert.match(peer.take(), /"ana" não estava disponível; você entrou como ana3/);
  });

  it('frees a nickname when its owner leaves', () => {
    const hub = new Hub();
    const ana = join(hub, 'ana');
    hub.leave(ana.session, 'dropped');
    join(hub, 'ANA');
  });

  it('encodes a broadcast once per wire format, not once per recipient', () => {
    const hub = new Hub();
    const textCount = new CountingEncoder(text);
    const jsonCount = new CountingEncoder(new JsonCodec());
    const speaker = join(hub, 'speaker');
    const listeners = [];
    for (let i = 0; i < 50; i++) listeners.push(join(hub, `t${i}`, textCount), join(hub, `j${i}`, jsonCount));
    textCount.calls = 0;
    jsonCount.calls = 0;
    hub.execute(speaker.session, parseLine('one message'));
    assert.equal(textCount.calls, 1);
    assert.equal(jsonCount.calls, 1);
    for (const l of listeners) assert.match(l.peer.take(), /one message/);
  });

  it('keeps control characters and escape sequences from reaching anyone', () => {
    const hub = new Hub();
    const ana = join(hub, 'ana');
    const bob = join(hub, 'bob');
    ana.peer.take();
    hub.execute(bob.session, parseLine('\x1b[2J\x1b[31mhi\x07\x00'));
    assert.equal(ana.peer.take(), 'bob >> hi\n');
    hub.execute(bob.session, parseLine('\x1b[0m'));
    assert.equal(ana.peer.take(), '', 'a message that is only control codes is not sent');
  });

  it('answers unknown commands and commands used too early', () => {
    const hub = new Hub();
    const peer = new TextPeer(text);
    const s = hub.open(peer);
    hub.execute(s, parseLine('/nope'));
    assert.match(peer.take(), /Comando desconhecido: \/nope\. Digite \/ajuda/);
    hub.execute(s, parseLine('/help'));
    assert.match(peer.take(), /\/sair, \/quit, sair/);
    hub.execute(s, parseLine('/format'));
    assert.match(peer.take(), /Falta um argumento para \/format/);
  });

  it('tells everyone when the server shuts down, and closes every peer', () => {
    const hub = new Hub();
    const ana = join(hub, 'ana');
    const waiting = new TextPeer(text);
    hub.open(waiting);
    hub.shutdown();
    assert.match(ana.peer.take(), /O servidor está encerrando/);
    assert.match(waiting.take(), /O servidor está encerrando/);
    assert.equal(ana.peer.ended && waiting.ended, true);
  });
});

describe('Hub rooms and private messages', () => {
  const open = (hub: Hub, nick: string, singleRoom = true) => {
    const peer = new TextPeer(text);
    const session = hub.open(peer, { singleRoom });
    hub.register(session, nick, 'ask');
    peer.take();
    return { session, peer };
  };

  it('lets a session of a multi-room door be in several rooms, and say to each', () => {
    const hub = new Hub({ historyOnJoin: 0 });
    const web = open(hub, 'web', false);
    const tcp = open(hub, 'tcp');
    hub.execute(web.session, parseLine('/join #lab'));
    assert.equal(web.session.rooms.size, 2, 'still in #geral too');
    assert.equal(tcp.peer.take(), '', 'nobody saw web leave #geral');
    const lab = hub.findRoom('#lab')!;
    hub.say(web.session, 'no geral', false, hub.defaultRoom);
    hub.say(web.session, 'no lab', false, lab);
    assert.equal(tcp.peer.take(), 'web >> no geral\n');
    hub.execute(tcp.session, parseLine('/join lab'));
    assert.match(web.peer.take(), /tcp saiu de #geral\.\ntcp entrou em #lab\./);
    assert.equal(tcp.peer.take(), '*** Você entrou em #lab com web.\n');
    hub.execute(web.session, parseLine('/part #lab'));
    assert.equal(tcp.peer.take(), 'web saiu de #lab.\n');
    assert.equal(web.session.rooms.size, 1);
  });

  it('keeps a multi-room session to at most 50 rooms', () => {
    const hub = new Hub({ historyOnJoin: 0 });
    const web = open(hub, 'web', false);
    for (let i = 1; i < 50; i++) hub.execute(web.session, parseLine(`/join #sala${i}`));
    assert.equal(web.session.rooms.size, 50);
    web.peer.take();
    hub.execute(web.session, parseLine('/join #demais'));
    assert.equal(web.peer.take(), '*** Você já está em 50 salas, o máximo; saia de alguma antes (/deixar).\n');
    assert.equal(hub.findRoom('#demais'), undefined, 'the room was not made');
  });

  it('tells a rename once to each person who shares any room with the renamed one', () => {
    const hub = new Hub({ historyOnJoin: 0 });
    const multi = open(hub, 'multi', false);
    const other = open(hub, 'other', false);
    hub.execute(multi.session, parseLine('/join #a'));
    hub.execute(other.session, parseLine('/join #a'));
    other.peer.take();
    hub.execute(multi.session, parseLine('/nick multi2'));
    assert.equal(other.peer.take(), 'multi agora é multi2.\n');
    assert.equal(multi.peer.take().match(/agora é/g)!.length, 1);
  });

  it('never lets a third session see a private message', () => {
    const hub = new Hub({ historyOnJoin: 0 });
    const a = open(hub, 'a');
    const b = open(hub, 'b');
    const c = open(hub, 'c');
    a.peer.take();
    b.peer.take();
    c.peer.take();
    hub.execute(a.session, parseLine('/msg B oi b'));
    assert.equal(b.peer.take(), '[privado] a >> oi b\n');
    assert.equal(a.peer.take(), '[privado para b] a >> oi b\n');
    assert.equal(c.peer.take(), '');
  });

  it('answers each command error with its own code', () => {
    const hub = new Hub({ historyOnJoin: 0 });
    const a = open(hub, 'a');
    const cases: Array<[string, RegExp]> = [
      ['/who #nada', /A sala #nada não existe/],
      ['/part #nada', /A sala #nada não existe/],
      ['/nick a', /Você já é a\./],
      ['/nick', /Falta um argumento para \/nick/],
      ['/msg', /Falta um argumento para \/msg/],
      ['/topic ' + 'x'.repeat(301), /Tema longo demais \(máximo 300 caracteres\)/],
      ['/history 0', /"0" não é um número válido/],
      ['/join ' + 'x'.repeat(33), /não é um nome de sala/],
      ['/format xml', /Formato desconhecido: xml/],
      ['/quem #geral', /Em #geral \(1\): a/],
    ];
    for (const [line, expected] of cases) {
      hub.execute(a.session, parseLine(line));
      assert.match(a.peer.take(), expected, line);
    }
  });
});

describe('Hub presence batches (onPresencePending)', () => {
  /** A hub that batches arrivals and departures, counting how often a batch began. */
  function batchingHub(): { hub: Hub; pending: () => number } {
    let pending = 0;
    const hub = new Hub({ onPresencePending: () => pending++ });
    return { hub, pending: () => pending };
  }

  /** A text peer that also counts the sends it was given. */
  class CountingPeer extends TextPeer {
    sends = 0;
    override send(bytes: Buffer): void {
      this.sends++;
      super.send(bytes);
    }
  }

  function enter(hub: Hub, nick: string, encoder: Encoder = text): { session: Session; peer: CountingPeer } {
    const peer = new CountingPeer(encoder);
    const session = hub.open(peer);
    assert.equal(hub.register(session, nick, 'ask'), true);
    peer.take();
    peer.sends = 0;
    return { session, peer };
  }

  it('a storm of arrivals reaches each member as one send, in order; each newcomer is told only of those after it', () => {
    const { hub, pending } = batchingHub();
    const ana = enter(hub, 'ana');
    hub.flushPresence();
    const bob = enter(hub, 'bob');
    const carol = enter(hub, 'carol');
    const dave = enter(hub, 'dave');
    assert.equal(ana.peer.take(), '', 'nothing before the flush');
    assert.equal(pending(), 2, 'one batch began for ana, one for the three');
    hub.flushPresence();
    assert.equal(ana.peer.take(), 'bob entrou no chat.\ncarol entrou no chat.\ndave entrou no chat.\n');
    assert.equal(ana.peer.sends, 1, 'one send for three arrivals');
    assert.equal(bob.peer.take(), 'carol entrou no chat.\ndave entrou no chat.\n');
    assert.equal(carol.peer.take(), 'dave entrou no chat.\n');
    assert.equal(dave.peer.take(), '');
    hub.flushPresence();
    assert.equal(ana.peer.take(), '', 'a batch is sent once');
  });

  it('encodes a batch once per wire format, however many members get it', () => {
    const { hub } = batchingHub();
    const counting = new CountingEncoder(text);
    const members = Array.from({ length: 30 }, (_, i) => enter(hub, `m${i}`, counting));
    hub.flushPresence();
    for (const m of members) m.peer.take();
    counting.calls = 0;
    enter(hub, 'x');
    enter(hub, 'y');
    hub.flushPresence();
    assert.equal(counting.calls, 2, 'two notices, encoded once each');
    for (const m of members) assert.equal(m.peer.take(), 'x entrou no chat.\ny entrou no chat.\n');
  });

  it('a message after arrivals comes after their notices, without waiting for the flush', () => {
    const { hub } = batchingHub();
    const ana = enter(hub, 'ana');
    hub.flushPresence();
    const bob = enter(hub, 'bob');
    hub.execute(bob.session, parseLine('oi'));
    assert.equal(ana.peer.take(), 'bob entrou no chat.\nbob >> oi\n');
    hub.execute(bob.session, parseLine('sair'));
    hub.flushPresence();
    assert.equal(ana.peer.take(), 'bob saiu do chat.\n');
  });

  it('someone moving to another room is first told who came while it was there', () => {
    const { hub } = batchingHub();
    const ana = enter(hub, 'ana');
    hub.flushPresence();
    enter(hub, 'bob');
    hub.execute(ana.session, parseLine('/join #lab'));
    const out = ana.peer.take();
    assert.match(out, /^bob entrou no chat\.\n/);
    assert.match(out, /#lab/);
    hub.flushPresence();
    assert.equal(ana.peer.take(), '', 'nothing of #geral after leaving it');
  });

  it('someone who comes and goes within a batch is announced both ways to the others, and told nothing', () => {
    const { hub } = batchingHub();
    const ana = enter(hub, 'ana');
    hub.flushPresence();
    const bob = enter(hub, 'bob');
    hub.leave(bob.session, 'dropped');
    hub.flushPresence();
    assert.equal(ana.peer.take(), 'bob entrou no chat.\nbob saiu do chat.\n');
    assert.equal(bob.peer.take(), '');
  });

  it("joins a batch's notices by LF, with none at the end, for the original client", () => {
    const { hub } = batchingHub();
    const original = enter(hub, 'velho', new OriginalCodec(new Catalog('pt')));
    hub.flushPresence();
    enter(hub, 'ana');
    const bob = enter(hub, 'bob');
    hub.leave(bob.session, 'quit');
    hub.flushPresence();
    assert.equal(original.peer.take(), 'ana entrou no chat.\nbob entrou no chat.\nbob saiu do chat.');
  });
});
