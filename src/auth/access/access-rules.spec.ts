import { Controller, Get, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ACCESS_RULES } from './access-rules';
import { RouteRules } from './route-rules';

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
