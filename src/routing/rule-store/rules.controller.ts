import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { CreateRuleDto, ReorderRulesDto, TestRuleDto, UpdateRuleDto } from './rule.dto';
import { RulesService } from './rules.service';

@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  list() {
    return this.rules.list();
  }

  @Post()
  create(@Body() dto: CreateRuleDto) {
    return this.rules.create(dto);
  }

  /** Dry run: match and render, never post. */
  @Post('test')
  @HttpCode(200)
  test(@Body() dto: TestRuleDto) {
    return this.rules.test(dto);
  }

  @Put('order')
  reorder(@Body() dto: ReorderRulesDto) {
    return this.rules.reorder(dto);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateRuleDto) {
    return this.rules.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string) {
    return this.rules.remove(id);
  }
}
