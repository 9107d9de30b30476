import type {Router} from '../http/router.ts'
import type {Lake} from '../lake.ts'

export function actionRoutes(_router: Router, _lake: Lake): void {}
