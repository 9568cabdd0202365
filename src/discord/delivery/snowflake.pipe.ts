import { BadRequestException, PipeTransform } from '@nestjs/common';

/** A Discord id in a path: 17 to 20 digits, else 400. */
export class SnowflakePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{17,20}$/.test(value)) throw new BadRequestException('id must be a Discord channel id (17-20 digits)');
    return value;
  }
}
