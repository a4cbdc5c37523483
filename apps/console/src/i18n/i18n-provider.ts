import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { enConsole, zhConsole } from './messages';
import { raZh } from './ra-zh';

export const LOCALES = [
  { locale: 'zh-CN', name: '中文' },
  { locale: 'en', name: 'English' },
];

const zh = { ...englishMessages, ra: { ...englishMessages.ra, ...raZh }, ...zhConsole };
const en = { ...englishMessages, ...enConsole };

/** zh-CN first; English on the switch. react-admin keeps the choice in its store (localStorage). */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? en : zh), 'zh-CN', LOCALES, { allowMissing: true });
