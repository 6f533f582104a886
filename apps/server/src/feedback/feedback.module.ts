/**
 * Passenger ratings and driver questionnaires (issue 5).
 *  - FeedbackContextModule: the context filler (repository + service), shared; analytics may
 *    import it and call RatingContextService.fillMissingContext().
 *  - FeedbackModule (role `api`): the HTTP endpoints.
 *  - FeedbackJobsModule (role `scheduler`): the interval that fills missing context, one runner
 *    elected by a PostgreSQL advisory lock.
 */
import { Module } from '@nestjs/common';
import { DriverQuestionnairesController } from './driver-questionnaires.controller';
import { DriverQuestionnairesService } from './driver-questionnaires.service';
import { DriverGuard, FeedbackRateLimiter, TabletGuard } from './feedback-auth.guards';
import { AnswerTimeBounds } from './answer-time';
import { FeedbackMetrics } from './feedback.metrics';
import { FeedbackRepository } from './feedback.repository';
import { RatingContextJob } from './rating-context.job';
import { RatingContextRepository } from './rating-context.repository';
import { RatingContextService } from './rating-context.service';
import { RatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';

@Module({
  providers: [RatingContextRepository, RatingContextService],
  exports: [RatingContextService],
})
export class FeedbackContextModule {}

@Module({
  imports: [FeedbackContextModule],
  controllers: [RatingsController, DriverQuestionnairesController],
  providers: [
    FeedbackRepository,
    FeedbackMetrics,
    AnswerTimeBounds,
    RatingsService,
    DriverQuestionnairesService,
    FeedbackRateLimiter,
    TabletGuard,
    DriverGuard,
  ],
})
export class FeedbackModule {}

@Module({
  imports: [FeedbackContextModule],
  providers: [RatingContextJob],
})
export class FeedbackJobsModule {}
