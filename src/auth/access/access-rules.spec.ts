import { Controller, Get, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ACCESS_RULES } from './access-rules';
import { TOKEN_SCOPES } from '../tokens/token-scopes';
import { TOKEN_ACCESS } from './route-rule';
import { ACCESS_TABLE, RouteRules } from './route-rules';

describe('ACCESS_RULES', () => {
  it('names the audit event (or says there is none) of every state-changing route that is not public', () => {
    const undecided = Object.entries(ACCESS_RULES)
      .filter(([key, rule]) => !key.startsWith('GET ') && rule.access !== 'public' && rule.audit === undefined)
      .map(([key]) => key);
    expect(undecided).toEqual([]);
    for (const rule of Object.values(ACCESS_RULES)) {
      if (rule.audit) expect(rule.audit).toMatch(/^[a-z_]+\.[a-z_]+$/);
    }
  });
});

describe('RouteRules', () => {
  @Controller('stray')
  class StrayController {
    @Get()
    list() {
      return [];
    }

    @Post(':id/poke')
    poke() {
      return {};
    }
  }

  it('stops the boot when a route has no rule, naming it', async () => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      controllers: [StrayController],
      providers: [RouteRules],
    }).compile();
    await expect(module.init()).rejects.toThrow(
      'Routes without an authorisation rule in src/auth/access/access-rules.ts:\n' +
        '  GET /stray (StrayController.list)\n' +
        '  POST /stray/:id/poke (StrayController.poke)',
    );
  });
});

describe('RouteRules and scopes', () => {
  @Controller('tools')
  class ToolsController {
    @Get()
    list() {
      return [];
    }
  }

  it('stops the boot when API tokens may call a route without a scope, naming it', async () => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      controllers: [ToolsController],
      providers: [RouteRules, { provide: ACCESS_TABLE, useValue: { 'GET /tools': { access: 'admin_or_machine' } } }],
    }).compile();
    await expect(module.init()).rejects.toThrow(
      'Routes API tokens may call without a scope in src/auth/access/access-rules.ts:\n' +
        '  GET /tools (ToolsController.list)',
    );
  });

  it('audits every route whose scope changes something (or the route records its own event, naming the token)', () => {
    const recordsItself = ['POST /audit/events', 'POST /auth/discord/links'];
    const unaudited = Object.entries(ACCESS_RULES)
      .filter(([, rule]) => 'scope' in rule && !rule.scope.endsWith(':read') && !rule.audit)
      .map(([key]) => key);
    expect(unaudited).toEqual(recordsItself);
  });

  it('gives every route API tokens may call one of the scopes', () => {
    for (const [key, rule] of Object.entries(ACCESS_RULES)) {
      if (!TOKEN_ACCESS.includes(rule.access)) continue;
      expect({ key, scope: (rule as { scope?: string }).scope }).toEqual({
        key,
        scope: expect.stringMatching(new RegExp(`^(${TOKEN_SCOPES.join('|')})$`)),
      });
    }
  });
});
