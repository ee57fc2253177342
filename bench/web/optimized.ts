import { mount } from 'svelte';
import '../../web/src/app.css';
import BenchDashboard from './BenchDashboard.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing');
mount(BenchDashboard, { target });
