import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { PreviewTemplateDto, SaveTemplateDto } from './template.dto';
import { TemplatesService } from './templates.service';

@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  list() {
    return this.templates.list();
  }

  /** Renders without saving or posting. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() dto: PreviewTemplateDto) {
    return this.templates.preview(dto);
  }

  /** Creates or replaces the template with this name. */
  @Put(':name')
  save(@Param('name') name: string, @Body() dto: SaveTemplateDto) {
    return this.templates.save(name, dto);
  }

  @Delete(':name')
  @HttpCode(204)
  remove(@Param('name') name: string) {
    return this.templates.remove(name);
  }
}
