import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { i18n } from './lib/i18n/index.svelte';

document.documentElement.lang = i18n.locale;
const target = document.getElementById('app');
if (!target) throw new Error('no #app element');
export default mount(App, { target });
