import type { Lang } from '../codecs/catalog.js';

/** The client's own words (the server's events are worded by the shared `Catalog`). */
export interface ClientWords {
  askNick: string;
  connectedPapo(address: string): string;
  connectedOriginal(address: string): string;
  cannotConnect(address: string, why: string): string;
  lost: string;
  noNick: string;
  refused: string;
  bye: string;
  reconnecting(seconds: number): string;
  reconnected: string;
  gaveUp: string;
  notSent: string;
}

const pt: ClientWords = {
  askNick: 'Qual é o seu apelido? ',
  connectedPapo: (a) => `Conectado ao papo em ${a}.`,
  connectedOriginal: (a) => `Conectado a ${a} (servidor original: sem comandos).`,
  cannotConnect: (a, why) => `não foi possível conectar a ${a}: ${why}`,
  lost: 'A conexão com o servidor caiu.',
  noNick: 'nenhum apelido: use --nick ou dê o apelido na primeira linha da entrada',
  refused: 'o servidor recusou o apelido',
  bye: 'Até logo!',
  reconnecting: (s) => `Tentando reconectar em ${s} s…`,
  reconnected: 'Reconectado.',
  gaveUp: 'Não foi possível reconectar; desisti.',
  notSent: 'Sem conexão: a mensagem não foi enviada.',
};

const en: ClientWords = {
  askNick: 'What is your nickname? ',
  connectedPapo: (a) => `Connected to papo at ${a}.`,
  connectedOriginal: (a) => `Connected to ${a} (original server: no commands).`,
  cannotConnect: (a, why) => `cannot connect to ${a}: ${why}`,
  lost: 'The connection to the server was lost.',
  noNick: 'no nickname: use --nick or give it on the first line of input',
  refused: 'the server refused the nickname',
  bye: 'Bye!',
  reconnecting: (s) => `Reconnecting in ${s} s…`,
  reconnected: 'Reconnected.',
  gaveUp: 'Could not reconnect; giving up.',
  notSent: 'Not connected: the message was not sent.',
};

export const CLIENT_WORDS: Record<Lang, ClientWords> = { pt, en };
