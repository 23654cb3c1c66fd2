// The collectors that ship with assure, in the order their facts are placed (earlier wins a single-valued field).
import type { Collector } from '../collector.js';
import { accessibility } from './accessibility.js';
import { apis } from './apis.js';
import { ci } from './ci.js';
import { containers } from './containers.js';
import { cookies } from './cookies.js';
import { decisions } from './decisions.js';
import { environments } from './environments.js';
import { frameworks } from './frameworks.js';
import { integrations } from './integrations.js';
import { licence } from './licence.js';
import { repositoryFiles } from './repository.js';
import { runtimes } from './runtimes.js';
import { services } from './services.js';
import { source } from './source.js';
import { terraform } from './terraform.js';
import { threatModel } from './threat-model.js';

export const BUILTIN_COLLECTORS: readonly Collector[] = [runtimes, frameworks, services, licence, repositoryFiles, decisions, ci, containers, terraform, environments, apis, accessibility, cookies, source, integrations, threatModel];
