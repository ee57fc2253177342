import { mount } from 'svelte';
import App from './App.svelte';
import WallApp from './WallApp.svelte';
import { accessToken } from './lib/access-token.ts';
import { display } from './lib/display.svelte.ts';
import './app.css';

// First, before any view reads the URL: a token in the link moves out of the address bar.
accessToken();
// One build, two views: /wall is the unattended big-screen view, everything else the dashboard.
const isWall = location.pathname === '/wall' || location.pathname.startsWith('/wall/');
// Before anything formats a number or paints a colour.
display.start(isWall);

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(isWall ? WallApp : App, { target });
